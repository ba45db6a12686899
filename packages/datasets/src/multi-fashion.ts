import type { MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import type { ImageDataset } from './dataset.js';
import type { RandomStream } from './fast-random.js';
import { fashionSilhouette } from './fashion-shapes.js';
import { checkComposeOptions, composeProcedural, ITEM_SIZE, type ComposeOptions, type MultiDigitsOptions } from './multi-digits.js';
import { fillPolygon, glyphAffine, inkFromDistance, strokeDistance, transform, type Warp } from './raster.js';

const NO_WARP: Warp = { ax: 0, fx: 0, px: 0, ay: 0, fy: 0, py: 0 };

/** Scratch buffers of one generator run. */
const scratch = () => ({ dist: new Float32Array(ITEM_SIZE * ITEM_SIZE), ink: new Float32Array(ITEM_SIZE * ITEM_SIZE) });

/**
 * Draws one clothing item of class `label` into 28 × 28: a random silhouette of its class
 * (`fashionSilhouette`), mirrored at random for shoes and bags, corners jittered, scaled to about
 * 23 px, rotated slightly, shifted, filled at a random grey level with a striped texture, and its
 * details drawn (dark seams, bright straps).
 */
export const renderFashionItem = (label: number, rng: RandomStream, j: number, ink: readonly [number, number], out: Float32Array, buffers = scratch()): void => {
  const sil = fashionSilhouette(label, rng);
  const flip = sil.flips && rng.uniform() < 0.5 ? -1 : 1;
  const size = 23 + j * rng.between(-3, 2);
  const aspect = 1 + j * rng.between(-0.12, 0.12);
  const m = glyphAffine(size * aspect * flip, size, 0, j * rng.between(-0.1, 0.1), ITEM_SIZE / 2 + j * rng.between(-2, 2), ITEM_SIZE / 2 + j * rng.between(-2, 2));
  const level = rng.between(ink[0], ink[1]);
  const place = (pts: readonly number[]) => transform(Float64Array.from(pts, (v) => v + j * rng.between(-0.02, 0.02)), NO_WARP, m);
  out.fill(0);
  for (const poly of sil.fills) fillPolygon(out, ITEM_SIZE, place(poly), level, buffers.dist);
  const amp = rng.between(0, 0.35);
  const [fx, fy, phase] = [rng.between(-0.22, 0.22), rng.between(-0.22, 0.22), rng.uniform()];
  for (let r = 0; r < ITEM_SIZE; r++)
    for (let c = 0; c < ITEM_SIZE; c++) out[r * ITEM_SIZE + c] = out[r * ITEM_SIZE + c]! * (1 - amp * (0.5 + 0.5 * Math.sin(2 * Math.PI * (fx * c + fy * r + phase))));
  for (const d of sil.details) {
    buffers.dist.fill(Number.POSITIVE_INFINITY);
    strokeDistance(buffers.dist, ITEM_SIZE, place(d.points), d.width / 2 + 1);
    inkFromDistance(buffers.dist, d.width / 2, 1, 1, buffers.ink);
    for (let k = 0; k < out.length; k++) out[k] = d.dark ? out[k]! * (1 - 0.75 * buffers.ink[k]!) : Math.max(out[k]!, level * buffers.ink[k]!);
  }
};

/**
 * multi-fashion: the clothing counterpart of `multiDigits` (as Multi-Fashion of Lin et al. 2019 is to
 * Multi-MNIST): procedural silhouettes of the ten Fashion-MNIST classes (`FASHION_CLASSES`:
 * T-shirt/top, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot), each with
 * random proportions, grey level and texture, composed two per 36 × 36 image with the Multi-MNIST
 * protocol (top-left and bottom-right, pixel-wise max) and noise. Tops, pullovers, coats and shirts
 * share their outline and differ in sleeves and details, so they are confused more than the rest,
 * as in Fashion-MNIST. Same options, determinism and dataset type as `multiDigits`.
 */
export const multiFashion = (options: MultiDigitsOptions): E.Either<MtlError, ImageDataset> =>
  E.map((o: ComposeOptions) => {
    const buffers = scratch();
    return composeProcedural(options.key, o, (label, rng, out) => renderFashionItem(label, rng, o.jitter, o.ink, out, buffers));
  })(checkComposeOptions(options));
