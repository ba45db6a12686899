import { initBackend, type BackendInfo } from '@mtlkit/core';
import { cpus, loadavg } from 'node:os';

/** What a suite's header says about the machine: CPU model, core count, load average now. */
export const machineDescription = (): string =>
  `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`;

/** What a suite's header says about tfjs: the backend `initBackend` set up, SIMD, mtlkit's kernel choice. */
export const backendDescription = (info: BackendInfo): string => `tfjs ${info.name}${info.simd ? ' SIMD' : ''}, mtlkit kernels ${info.kernels ?? 'none'}`;

/** Sets up the backend (`initBackend`), prints the suite's header line on stderr; the backend's description. */
export const startSuite = async (suite: string): Promise<string> => {
  const backend = backendDescription(await initBackend());
  console.error(`mtlkit-bench ${suite}: ${backend}, Node ${process.version}, ${machineDescription()}`);
  return backend;
};
