/** A learning-rate schedule: the learning rate of an epoch (0-based). */
export type Schedule = (epoch: number) => number;

export const constantLr =
  (lr: number): Schedule =>
  () =>
    lr;

/** torch.optim.lr_scheduler.StepLR: lr·γ^⌊epoch / stepSize⌋. */
export const stepLr =
  (options: { readonly lr: number; readonly stepSize: number; readonly gamma: number }): Schedule =>
  (epoch) =>
    options.lr * options.gamma ** Math.floor(epoch / options.stepSize);

/**
 * torch.optim.lr_scheduler.CosineAnnealingLR (Loshchilov & Hutter 2017, eq. 5 without restarts):
 * min + (lr − min)·(1 + cos(π·epoch/total))/2, held at min after `total` epochs.
 */
export const cosineLr =
  (options: { readonly lr: number; readonly total: number; readonly min?: number }): Schedule =>
  (epoch) => {
    const min = options.min ?? 0;
    const e = Math.min(epoch, options.total);
    return min + ((options.lr - min) * (1 + Math.cos((Math.PI * e) / options.total))) / 2;
  };
