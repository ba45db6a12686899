import { mgdaWeighting } from '@mtlkit/aggregators';
import type { Weighting } from '@mtlkit/core';

/**
 * The simplex QP min_{w ∈ Δ} wᵀ G w solved exactly (MGDA's min-norm point, Sener & Koltun 2018,
 * Désidéri 2012): `mgdaWeighting()` of @mtlkit/aggregators. The released MT-SGD and MOO-SVGD code
 * solve it approximately (Frank–Wolfe `MinNormSolver`, 250 iterations, 2-task γ clipped to
 * [0.001, 0.999]).
 */
export const defaultWeighting = (): Weighting => mgdaWeighting();
