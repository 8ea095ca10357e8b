//! The second pass of symtable.c (`symtable_analyze` and its helpers):
//! decides the scope of every name from the raw flags of the first pass.
//!
//! A block is analyzed with the names bound in the enclosing function
//! scopes (`bound`), the names declared global further out (`global`) and
//! the type parameters in view (`type_params`); its children report the
//! names they use freely (`free`). A local of a function-like block that a
//! child uses freely becomes a cell. Class bindings are invisible to nested
//! blocks, except to annotation and type scopes that can see the class
//! (`class_entry`). Comprehensions other than generator expressions are
//! inlined into their parent (PEP 709).

use std::collections::{BTreeSet, HashMap};

use super::*;
use crate::compile::future::syntax_error_at;

type Set = BTreeSet<Box<str>>;
type Result<T> = std::result::Result<T, SymtableError>;

const LOCAL: i64 = Scope::Local as i64;
const GLOBAL_EXPLICIT: i64 = Scope::GlobalExplicit as i64;
const GLOBAL_IMPLICIT: i64 = Scope::GlobalImplicit as i64;
const FREE: i64 = Scope::Free as i64;
const CELL: i64 = Scope::Cell as i64;

/// `error_at_directive`: `msg` located at the `global`/`nonlocal`
/// declaration of `name` in `ste`.
fn error_at_directive(ste: &SymtableEntry, name: &str, msg: String) -> SymtableError {
    match ste.ste_directives.iter().find(|d| &*d.name == name) {
        Some(d) => SymtableError::Syntax(syntax_error_at(msg, d.loc)),
        None => SymtableError::Runtime("BUG: internal directive bookkeeping broken"),
    }
}

/// `analyze_name`: decides the scope of `name` in `ste` from its `flags`
/// and records it in `scopes`, updating the namespace sets.
#[allow(clippy::too_many_arguments)]
fn analyze_name(
    st: &SymbolTable,
    ste: EntryId,
    scopes: &mut HashMap<Box<str>, i64>,
    name: &str,
    flags: i64,
    bound: Option<&mut Set>,
    local: &mut Set,
    free: &mut Set,
    global: &mut Set,
    type_params: &mut Set,
    class_entry: Option<EntryId>,
) -> Result<()> {
    let entry = st.entry(ste);
    if flags & DEF_GLOBAL != 0 {
        if flags & DEF_NONLOCAL != 0 {
            return Err(error_at_directive(
                entry,
                name,
                format!("name '{name}' is nonlocal and global"),
            ));
        }
        scopes.insert(name.into(), GLOBAL_EXPLICIT);
        global.insert(name.into());
        if let Some(bound) = bound {
            bound.remove(name);
        }
        return Ok(());
    }
    if flags & DEF_NONLOCAL != 0 {
        let Some(bound) = bound else {
            return Err(error_at_directive(
                entry,
                name,
                "nonlocal declaration not allowed at module level".into(),
            ));
        };
        if !bound.contains(name) {
            return Err(error_at_directive(
                entry,
                name,
                format!("no binding for nonlocal '{name}' found"),
            ));
        }
        if type_params.contains(name) {
            return Err(error_at_directive(
                entry,
                name,
                format!("nonlocal binding not allowed for type parameter '{name}'"),
            ));
        }
        scopes.insert(name.into(), FREE);
        free.insert(name.into());
        return Ok(());
    }
    if flags & DEF_BOUND != 0 {
        scopes.insert(name.into(), LOCAL);
        local.insert(name.into());
        global.remove(name);
        if flags & DEF_TYPE_PARAM != 0 {
            type_params.insert(name.into());
        } else {
            type_params.remove(name);
        }
        return Ok(());
    }
    // In a scope that can see the enclosing class, a name the class binds
    // (or declares global) resolves in the class namespace and the globals,
    // never in an outer function.
    if let Some(class_entry) = class_entry {
        let class_flags = st.entry(class_entry).get_symbol(name);
        if class_flags & DEF_GLOBAL != 0 {
            scopes.insert(name.into(), GLOBAL_EXPLICIT);
            return Ok(());
        } else if class_flags & DEF_BOUND != 0 && class_flags & DEF_NONLOCAL == 0 {
            scopes.insert(name.into(), GLOBAL_IMPLICIT);
            return Ok(());
        }
    }
    // Bound in an enclosing function: free here.
    if bound.is_some_and(|b| b.contains(name)) {
        scopes.insert(name.into(), FREE);
        free.insert(name.into());
        return Ok(());
    }
    // Declared global in an enclosing block, or not bound anywhere: either
    // way an implicit global.
    scopes.insert(name.into(), GLOBAL_IMPLICIT);
    Ok(())
}

/// The names a class block provides as implicit cells to the blocks
/// nested in it.
const IMPLICIT_CLASS_CELLS: [&str; 3] =
    ["__class__", "__classdict__", "__conditional_annotations__"];

/// `is_free_in_any_child`.
fn is_free_in_any_child(st: &SymbolTable, entry: EntryId, key: &str) -> bool {
    st.entry(entry)
        .ste_children
        .iter()
        .any(|&c| st.entry(c).get_scope(key) == Some(Scope::Free))
}

/// `inline_comprehension`: merges the symbols of the analyzed
/// comprehension `comp` into its parent `ste` (PEP 709).
fn inline_comprehension(
    st: &mut SymbolTable,
    ste: EntryId,
    comp: EntryId,
    scopes: &mut HashMap<Box<str>, i64>,
    comp_free: &mut Set,
    inlined_cells: &mut Set,
) {
    let mut removed_implicit_cells: Vec<Box<str>> = Vec::new();
    let comp_symbols: Vec<(Box<str>, i64)> = st
        .entry(comp)
        .ste_symbols
        .iter()
        .map(|(k, v)| (k.into(), v))
        .collect();
    let ste_type = st.entry(ste).ste_type;
    for (k, comp_flags) in comp_symbols {
        // The `.0` parameter stays in the comprehension.
        if comp_flags & DEF_PARAM != 0 {
            continue;
        }
        let mut scope = (comp_flags >> SCOPE_OFFSET) & SCOPE_MASK;
        let only_flags = comp_flags & ((1 << SCOPE_OFFSET) - 1);
        if scope == CELL || only_flags & DEF_COMP_CELL != 0 {
            inlined_cells.insert(k.clone());
        }
        let existing = st.entry(ste).ste_symbols.get(&k);
        // The implicit cells of a class are never free through the class
        // scope (see `drop_class_free`). A child of the comprehension that
        // still uses the name keeps it in the comprehension's free set, so
        // the class provides the cell (3.14.x, gh-150700).
        if scope == FREE && ste_type == BlockType::Class && IMPLICIT_CLASS_CELLS.contains(&&*k) {
            scope = GLOBAL_IMPLICIT;
            if !is_free_in_any_child(st, comp, &k) {
                comp_free.remove(&k);
            }
            removed_implicit_cells.push(k.clone());
        }
        match existing {
            None => {
                st.entries[ste.0].ste_symbols.set(&k, only_flags);
                scopes.insert(k, scope);
            }
            Some(flags) => {
                // A free name of the comprehension that is local in the
                // parent is simply local now, unless a child of the
                // comprehension uses it freely or the parent is a class.
                if flags & DEF_BOUND != 0
                    && ste_type != BlockType::Class
                    && !is_free_in_any_child(st, comp, &k)
                {
                    comp_free.remove(&k);
                }
                // The comprehension's use of a name of the parent is a use
                // in the parent (CPython 3.14's `symtable` reports it so).
                if scope == FREE && only_flags & USE != 0 {
                    st.entries[ste.0].ste_symbols.set(&k, flags | USE);
                }
            }
        }
    }
    for name in removed_implicit_cells {
        st.entries[comp.0].ste_symbols.remove(&name);
    }
}

/// `analyze_cells`: the locals that children use freely (or that are cells
/// of inlined comprehensions) become cells and leave `free`.
fn analyze_cells(scopes: &mut HashMap<Box<str>, i64>, free: &mut Set, inlined_cells: &Set) {
    for (name, scope) in scopes.iter_mut() {
        if *scope != LOCAL {
            continue;
        }
        if !free.contains(name) && !inlined_cells.contains(name) {
            continue;
        }
        *scope = CELL;
        free.remove(name);
    }
}

/// `drop_class_free`: the implicit cells a class provides to its methods.
fn drop_class_free(ste: &mut SymtableEntry, free: &mut Set) {
    if free.remove("__class__") {
        ste.ste_needs_class_closure = true;
    }
    if free.remove("__classdict__") {
        ste.ste_needs_classdict = true;
    }
    if free.remove("__conditional_annotations__") {
        ste.ste_has_conditional_annotations = true;
    }
}

/// `update_symbols`: stores the scopes in the flags and records the free
/// names of the children that pass through this block.
fn update_symbols(
    symbols: &mut Symbols,
    scopes: &HashMap<Box<str>, i64>,
    bound: Option<&Set>,
    free: &Set,
    inlined_cells: &Set,
    classflag: bool,
) {
    let names: Vec<Box<str>> = symbols.iter().map(|(n, _)| n.into()).collect();
    for name in names {
        let mut flags = symbols.get(&name).unwrap_or(0);
        if inlined_cells.contains(&name) {
            flags |= DEF_COMP_CELL;
        }
        let scope = scopes.get(&name).copied().unwrap_or(0);
        symbols.set(&name, flags | (scope << SCOPE_OFFSET));
    }
    for name in free {
        if let Some(flags) = symbols.get(name) {
            // A free name of a method that the class also binds or uses.
            if classflag {
                symbols.set(name, flags | DEF_FREE_CLASS);
            }
            continue;
        }
        if bound.is_some_and(|b| !b.contains(name)) {
            continue; // a global
        }
        // Pass the free name up the lexical stack.
        symbols.set(name, FREE << SCOPE_OFFSET);
    }
}

/// `analyze_block`: makes the final decisions for `ste` and its children.
/// `bound` is `None` for the module.
fn analyze_block(
    st: &mut SymbolTable,
    ste: EntryId,
    mut bound: Option<&mut Set>,
    free: &mut Set,
    global: &mut Set,
    type_params: &mut Set,
    class_entry: Option<EntryId>,
) -> Result<()> {
    let mut local = Set::new();
    let mut scopes: HashMap<Box<str>, i64> = HashMap::new();
    let mut newglobal = Set::new();
    let mut newfree = Set::new();
    let mut newbound = Set::new();
    let mut inlined_cells = Set::new();

    let (ste_type, function_like, can_see_class_scope) = {
        let e = st.entry(ste);
        (e.ste_type, e.is_function_like(), e.ste_can_see_class_scope)
    };
    // Class bindings are invisible to nested blocks: what the children see
    // is fixed before the class's own names are analyzed.
    if ste_type == BlockType::Class {
        newglobal.extend(global.iter().cloned());
        if let Some(bound) = bound.as_deref() {
            newbound.extend(bound.iter().cloned());
        }
    }

    let symbols: Vec<(Box<str>, i64)> = st
        .entry(ste)
        .ste_symbols
        .iter()
        .map(|(k, v)| (k.into(), v))
        .collect();
    for (name, flags) in &symbols {
        analyze_name(
            st,
            ste,
            &mut scopes,
            name,
            *flags,
            bound.as_deref_mut(),
            &mut local,
            free,
            global,
            type_params,
            class_entry,
        )?;
    }

    if ste_type != BlockType::Class {
        if function_like {
            newbound.extend(local.iter().cloned());
        }
        if let Some(bound) = bound.as_deref() {
            newbound.extend(bound.iter().cloned());
        }
        newglobal.extend(global.iter().cloned());
    } else {
        newbound.extend(IMPLICIT_CLASS_CELLS.map(Box::from));
    }

    let children = st.entry(ste).ste_children.clone();
    for &child in &children {
        let entry = st.entry(child);
        let new_class_entry = if entry.ste_can_see_class_scope {
            if ste_type == BlockType::Class {
                Some(ste)
            } else {
                class_entry
            }
        } else {
            None
        };
        // Every comprehension but a generator expression is inlined, except
        // in annotation scopes nested in classes.
        let inline_comp = entry.ste_comprehension != ComprehensionType::NoComprehension
            && !entry.ste_generator
            && !can_see_class_scope;
        let mut child_free = analyze_child_block(
            st,
            child,
            &newbound,
            &newfree,
            &newglobal,
            type_params,
            new_class_entry,
        )?;
        if inline_comp {
            inline_comprehension(
                st,
                ste,
                child,
                &mut scopes,
                &mut child_free,
                &mut inlined_cells,
            );
            st.entries[child.0].ste_comp_inlined = true;
        }
        newfree.extend(child_free);
    }

    // Splice the children of inlined comprehensions into our children.
    let mut spliced = Vec::with_capacity(children.len());
    for &child in &children {
        let entry = st.entry(child);
        if entry.ste_comp_inlined {
            spliced.extend_from_slice(&entry.ste_children);
        } else {
            spliced.push(child);
        }
    }
    st.entries[ste.0].ste_children = spliced;

    if function_like {
        analyze_cells(&mut scopes, &mut newfree, &inlined_cells);
    } else if ste_type == BlockType::Class {
        drop_class_free(&mut st.entries[ste.0], &mut newfree);
    }
    update_symbols(
        &mut st.entries[ste.0].ste_symbols,
        &scopes,
        bound.as_deref(),
        &newfree,
        &inlined_cells,
        ste_type == BlockType::Class || can_see_class_scope,
    );
    free.extend(newfree);
    Ok(())
}

/// `analyze_child_block`: analyzes `entry` with copies of the namespace
/// sets, so that its bindings do not leak into its siblings; returns the
/// names it (and its children) use freely, on top of `free`.
fn analyze_child_block(
    st: &mut SymbolTable,
    entry: EntryId,
    bound: &Set,
    free: &Set,
    global: &Set,
    type_params: &Set,
    class_entry: Option<EntryId>,
) -> Result<Set> {
    let mut temp_bound = bound.clone();
    let mut temp_free = free.clone();
    let mut temp_global = global.clone();
    let mut temp_type_params = type_params.clone();
    analyze_block(
        st,
        entry,
        Some(&mut temp_bound),
        &mut temp_free,
        &mut temp_global,
        &mut temp_type_params,
        class_entry,
    )?;
    Ok(temp_free)
}

/// `symtable_analyze`: the second pass, from the module block down.
pub(super) fn symtable_analyze(st: &mut SymbolTable) -> Result<()> {
    let mut free = Set::new();
    let mut global = Set::new();
    let mut type_params = Set::new();
    let top = st.st_top;
    analyze_block(
        st,
        top,
        None,
        &mut free,
        &mut global,
        &mut type_params,
        None,
    )
}
