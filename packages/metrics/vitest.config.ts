import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// Every test here is pure (no global state besides the tfjs engine, whose tensor count each leak
// test compares before and after itself), so test files share one module graph per worker:
// tfjs and its WASM backend load once per worker instead of once per file.
export default mergeConfig(sharedConfig, { test: { isolate: false } });
