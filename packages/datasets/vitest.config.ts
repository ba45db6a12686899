import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// The suite is many small files; sharing one module graph per worker (isolate: false) saves
// loading tfjs and the WASM backend once per file. Tests here keep no global state.
export default mergeConfig(sharedConfig, { test: { isolate: false } });
