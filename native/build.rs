//! Build script: napi-build adds the linker settings a Node addon needs.

fn main() {
    napi_build::setup();
}
