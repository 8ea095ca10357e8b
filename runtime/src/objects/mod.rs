//! Python objects, one module per CPython `Objects/*.c` file. Design
//! notes: docs/design/object-model.md.

pub mod r#abstract;
pub mod boolobject;
pub mod bytearrayobject;
pub mod bytesobject;
pub mod call;
pub mod cellobject;
pub mod classobject;
pub mod codeobject;
pub mod complexobject;
pub mod descrobject;
pub mod dictobject;
pub mod enumobject;
pub mod exceptions;
pub mod floatobject;
pub mod formatter_unicode;
pub mod frameobject;
pub mod genericaliasobject;
pub mod iterobject;
pub mod funcobject;
pub mod genobject;
pub mod listobject;
pub mod longobject;
pub mod memoryobject;
pub mod methodobject;
pub mod moduleobject;
pub mod namespaceobject;
pub mod object;
pub mod rangeobject;
pub mod setobject;
pub mod templateobject;
pub mod sliceobject;
pub mod tupleobject;
pub mod typeobject;
pub mod typevarobject;
pub mod unicode_format;
pub mod unicode_methods;
pub mod unicode_string_module;
pub mod unicodeobject;
pub mod unionobject;
pub mod weakrefobject;

pub use object::{ObjRef, PyClass, PyObject};
pub use typeobject::TypeObject;
