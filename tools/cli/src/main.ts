#!/usr/bin/env node
import { formatError, gramian, initBackend, Key, parseJacobian, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/** Demo until the experiment runner lands: two conflicting task gradients and their Gramian. */
const main = async (): Promise<number> => {
  const info = await initBackend();
  console.log(`mtlkit: tfjs backend ${info.name}${info.simd ? ' (SIMD)' : ''}`);
  const k = Key.fromSeed(2026);
  const d = 1000;
  const g1 = Key.normal(Key.split(k)[0]!, d);
  const g2 = Float64Array.from(Key.normal(Key.split(k)[1]!, d), (v, i) => 0.3 * v - 0.9 * g1[i]!);
  const parsed = parseJacobian(tf.tensor2d(Float32Array.from([...g1, ...g2]), [2, d]));
  if (E.isLeft(parsed)) {
    console.error(formatError(parsed.left));
    return 1;
  }
  const G = gramian(parsed.right);
  const [a, b, c] = [G.values[0]!, G.values[1]!, G.values[3]!];
  console.log(`two task gradients in R^${d}: |g1| = ${Math.sqrt(a).toFixed(2)}, |g2| = ${Math.sqrt(c).toFixed(2)}, cos = ${(b / Math.sqrt(a * c)).toFixed(3)} (conflicting: ${b < 0})`);
  parsed.right.dispose();
  return 0;
};

main().then((code) => process.exit(code));
