//! Concurrent imports: many threads import the same slow module at once;
//! its body runs once (the others wait on the import lock until it is
//! initialized) and all of them get the same module object.

use rupy::import;
use rupy::objects::object;

#[test]
fn concurrent_imports_run_the_module_once() {
    let dir = std::env::temp_dir().join(format!("rupy-import-threads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("slowmod.py"),
        "import sys\nsys.slow_runs = getattr(sys, 'slow_runs', 0) + 1\ntotal = 0\nfor i in range(200000):\n    total += i\n",
    )
    .unwrap();
    rupy::sysmod::configure(rupy::sysmod::Config {
        path: vec![dir.to_string_lossy().into_owned()],
        dont_write_bytecode: true,
        ..Default::default()
    });
    rupy::state::ensure();
    rupy::vm::ready_types();
    let barrier = std::sync::Barrier::new(8);
    let addrs: Vec<usize> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    let m = import::import_module("slowmod").expect("import failed");
                    let total = object::get_attr_str(&m, "total").expect("module not initialized");
                    assert_eq!(object::repr(&total).unwrap().to_string_lossy(), "19999900000");
                    core::ptr::from_ref::<object::PyObject>(&m) as usize
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(addrs.iter().all(|&a| a == addrs[0]), "different module objects");
    let sys = import::machinery::sys_module().unwrap();
    let runs = object::get_attr_str(&sys, "slow_runs").unwrap();
    assert_eq!(object::repr(&runs).unwrap().to_string_lossy(), "1");
}
