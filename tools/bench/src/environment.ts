import type { BackendInfo } from '@mtlkit/core';
import { cpus, loadavg } from 'node:os';

/** What a suite's header says about the machine: CPU model, core count, load average now. */
export const machineDescription = (): string =>
  `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`;

/** What a suite's header says about tfjs: the backend `initBackend` set up, SIMD, mtlkit's kernel choice. */
export const backendDescription = (info: BackendInfo): string => `tfjs ${info.name}${info.simd ? ' SIMD' : ''}, mtlkit kernels ${info.kernels ?? 'none'}`;
