import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// The tests here are pure (the only global state is the tfjs engine, whose tensor count each leak
// test compares before and after itself), so test files share one module graph per worker: tfjs
// and its WASM backend load once per worker instead of once per file.
export default mergeConfig(sharedConfig, { test: { isolate: false } });
