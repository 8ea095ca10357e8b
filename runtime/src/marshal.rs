//! A port of Python/marshal.c (version 5): loading and dumping constants
//! and code objects in the format of CPython 3.14's `.pyc` files.
