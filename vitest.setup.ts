import { initBackend } from '@mtlkit/core';

// Every test file runs on the backend users get: WASM SIMD (MTLKIT_BACKEND=cpu to compare).
await initBackend({ prefer: process.env['MTLKIT_BACKEND'] === 'cpu' ? 'cpu' : 'wasm' });
