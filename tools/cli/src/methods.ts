import * as A from '@mtlkit/aggregators';
import type { Key } from '@mtlkit/core';
import * as L from '@mtlkit/losses';
import { keyed, type AggregatorSource } from '@mtlkit/training';

/**
 * How a method trains:
 * - `aggregator`: Jacobian descent, `aggregatedStep(aggregator)` (task Jacobian → aggregator → shared update);
 * - `weighting`: loss weighting, `weightedLossStep(weighting)` (one update along ∇ Σ wᵢ Lᵢ);
 * - `sam`: flat-region SAM-MTL, `samMtlStep` around an aggregator;
 * - `ensemble`: an ensemble of networks sampled by MT-SGD or MOO-SVGD (particles on zdt3).
 */
export type MethodKind = 'aggregator' | 'weighting' | 'sam' | 'ensemble';

/** What builds a method for one run: its key (randomised methods), the task count, options from the config. */
export interface MethodContext {
  readonly key: Key;
  readonly tasks: number;
  /** `constant` and `fixed`: one weight per task (config field `weights`). */
  readonly weights?: readonly number[];
}

export interface MethodInfo {
  /** The kebab-case name used on the command line and in configs. */
  readonly name: string;
  readonly kind: MethodKind;
  /** The name papers use (table headings, help). */
  readonly title: string;
  /** Paper, year (and where the defaults come from: see the packages' READMEs). */
  readonly paper: string;
  /** Fewest tasks the method is defined for. */
  readonly minTasks?: number;
  /** Needs `weights` in the config (one per task). */
  readonly needsWeights?: boolean;
}

type AggregatorFactory = (c: MethodContext) => AggregatorSource<unknown>;
type WeightingFactory = (c: MethodContext) => L.LossWeighting<unknown>;

const agg = (name: string, title: string, paper: string, make: AggregatorFactory, extra: Partial<MethodInfo> = {}) => ({ info: { name, kind: 'aggregator' as const, title, paper, ...extra }, make });
const wgt = (name: string, title: string, paper: string, make: WeightingFactory, extra: Partial<MethodInfo> = {}) => ({ info: { name, kind: 'weighting' as const, title, paper, ...extra }, make });

const weightsOf = (c: MethodContext): readonly number[] => c.weights ?? Array.from({ length: c.tasks }, () => 1);

/** Every aggregator of @mtlkit/aggregators, by kebab-case name (defaults of the package). */
export const AGGREGATORS = [
  agg('mean', 'LS (mean)', 'linear scalarisation: the mean of the task gradients', () => A.mean()),
  agg('sum', 'sum', 'the sum of the task gradients (LibMTL EW)', () => A.sum()),
  agg('constant', 'constant', 'fixed weights from the config (torchjd Constant)', (c) => A.constant({ weights: weightsOf(c) }), { needsWeights: true }),
  agg('random', 'RLW (gradients)', 'Lin et al. 2022, random loss weighting on gradients', () => keyed((key) => A.random({ key }))),
  agg('mgda', 'MGDA', 'Sener & Koltun 2018, min-norm point of the task gradients', () => A.mgda()),
  agg('mgda-ub', 'MGDA-UB', 'Sener & Koltun 2018 §3.3, MGDA on the shared representation', () => A.mgda()),
  agg('upgrad', 'UPGrad', 'Quinton & Rey 2024, Jacobian descent', () => A.upgrad()),
  agg('dual-proj', 'DualProj', 'Quinton & Rey 2024; Lopez-Paz & Ranzato 2017 (GEM)', () => A.dualProj()),
  agg('imtl-g', 'IMTL-G', 'Liu et al. 2021, impartial MTL (gradient part)', () => A.imtlG()),
  agg('aligned-mtl', 'Aligned-MTL', 'Senushkin et al. 2023, independent component alignment', () => A.alignedMtl()),
  agg('pcgrad', 'PCGrad', 'Yu et al. 2020, gradient surgery', () => keyed((key) => A.pcgrad({ key }))),
  agg('grad-vac', 'GradVac', 'Wang et al. 2021, gradient vaccine', (c) => A.gradVac({ key: c.key }) as AggregatorSource<unknown>),
  agg('graddrop', 'GradDrop', 'Chen et al. 2020, gradient sign dropout', () => keyed((key) => A.graddrop({ key }))),
  agg('cagrad', 'CAGrad', 'Liu et al. 2021, conflict-averse gradient descent', () => A.cagrad()),
  agg('nash-mtl', 'Nash-MTL', 'Navon et al. 2022, MTL as a bargaining game', () => A.nashMtl()),
  agg('fair-grad', 'FairGrad', 'Ban & Ji 2024, fair resource allocation (α-fair)', () => A.fairGrad()),
  agg('config', 'ConFIG', 'Liu et al. 2024, conflict-free inverse gradients', () => A.config()),
  agg('krum', 'Krum', 'Blanchard et al. 2017', () => A.krum(), { minTasks: 4 }),
  agg('trimmed-mean', 'trimmed mean', 'Yin et al. 2018', () => A.trimmedMean(), { minTasks: 3 }),
  agg('mo-do', 'MoDo', 'Chen et al. 2023, multi-objective double sampling (one batch)', () => A.moDo() as AggregatorSource<unknown>),
  agg('sdm-grad', 'SDMGrad', 'Xiao et al. 2023, direction-oriented MOL (one batch)', () => A.sdmGrad() as AggregatorSource<unknown>),
  agg('moco', 'MoCo', 'Fernando et al. 2023, bias-corrected MGDA', () => A.moco() as AggregatorSource<unknown>),
  agg('excess-mtl', 'ExcessMTL', 'He et al. 2024, robust MTL with excess risks', () => A.excessMtl() as AggregatorSource<unknown>),
  agg('cr-mogm', 'CR-MOGM', 'Zhou et al. 2022, MGDA weights averaged over steps', () => A.crMogm(A.mgdaWeighting()) as AggregatorSource<unknown>),
];

/** Every loss weighting of @mtlkit/losses, by kebab-case name (defaults of the package). */
export const WEIGHTINGS = [
  wgt('equal', 'EW', 'equal weights on the losses (LibMTL EW)', () => L.equal() as L.LossWeighting<unknown>),
  wgt('fixed', 'fixed', 'fixed loss weights from the config', (c) => L.fixed(weightsOf(c)) as L.LossWeighting<unknown>, { needsWeights: true }),
  wgt('uncertainty', 'UW', 'Kendall, Gal & Cipolla 2018, homoscedastic uncertainty', () => L.uncertainty() as L.LossWeighting<unknown>),
  wgt('dwa', 'DWA', 'Liu et al. 2019, dynamic weight average', () => L.dwa() as L.LossWeighting<unknown>),
  wgt('gls', 'GLS', 'Chennupati et al. 2019, geometric loss strategy', () => L.gls() as L.LossWeighting<unknown>),
  wgt('scale-invariant', 'SI', 'Navon et al. 2022 (SI baseline), Σ log Lᵢ', () => L.scaleInvariant() as L.LossWeighting<unknown>),
  wgt('rlw', 'RLW', 'Lin et al. 2022, random loss weighting', (c) => L.rlw({ key: c.key }) as L.LossWeighting<unknown>),
  wgt('famo', 'FAMO', 'Liu et al. 2023, fast adaptive multitask optimisation', () => L.famo() as L.LossWeighting<unknown>),
  wgt('db-mtl', 'DB-MTL', 'Lin et al. 2023, dual-balancing MTL', () => L.dbMtl() as L.LossWeighting<unknown>),
  wgt('stch', 'STCH', 'Lin et al. 2024, smooth Tchebycheff scalarisation', () => L.stch() as L.LossWeighting<unknown>),
  wgt('grad-norm', 'GradNorm', 'Chen et al. 2018, gradient normalisation', () => L.gradNorm() as L.LossWeighting<unknown>),
  wgt('imtl-l', 'IMTL-L', 'Liu et al. 2021, impartial MTL (loss part)', () => L.imtlL() as L.LossWeighting<unknown>),
  wgt('pbi', 'PBI', 'Zhang & Li 2007 (MOEA/D), penalty boundary intersection', () => L.pbi() as L.LossWeighting<unknown>),
  // The tangent-slope estimator: seed 000's eq. (1)-(4) on the latest window of each epoch (the package default, the
  // historical tangent slope, averages over every window so far).
  wgt('gradient-blending', 'gradient blending', 'Wang et al. 2020; MixNet (seed 000) eq. 1-5, tangent-slope estimates per epoch', () => L.gradBlending({ estimator: 'tangent-slope' }) as L.LossWeighting<unknown>),
  wgt('alpha-grad', 'AlphaGrad', 'Chen et al. 2025 (seed 004), normalised adaptive loss blending', () => L.alphaGrad() as L.LossWeighting<unknown>),
  wgt('ada-mt', 'AdaMT', 'after Jha et al. 2020 (AdaMT-Net), AlphaGrad comparator', () => L.adaMt() as L.LossWeighting<unknown>),
];

/** Methods that are neither one aggregator nor one weighting. */
export const OTHER_METHODS: readonly MethodInfo[] = [
  { name: 'sam-mtl', kind: 'sam', title: 'SAM-MTL', paper: 'flat-region MTL (seed 003, Theorem 5), ASAM perturbations, aggregator MGDA by default' },
  { name: 'mt-sgd', kind: 'ensemble', title: 'MT-SGD', paper: 'Phan et al. 2022 (seed 002), an ensemble sampled from every task posterior' },
  { name: 'moo-svgd', kind: 'ensemble', title: 'MOO-SVGD', paper: 'Liu, Tong & Liu 2021, per-member MGDA + Stein repulsion' },
];

export const METHODS: readonly MethodInfo[] = [...AGGREGATORS.map((a) => a.info), ...WEIGHTINGS.map((w) => w.info), ...OTHER_METHODS];
export const METHOD_NAMES: readonly string[] = METHODS.map((m) => m.name);

export const methodInfo = (name: string): MethodInfo | undefined => METHODS.find((m) => m.name === name);

/** The aggregator a method name stands for (aggregator methods, and SAM-MTL's inner aggregator). */
export const aggregatorFor = (name: string, c: MethodContext): AggregatorSource<unknown> | undefined => AGGREGATORS.find((a) => a.info.name === name)?.make(c);

/** The loss weighting a method name stands for. */
export const weightingFor = (name: string, c: MethodContext): L.LossWeighting<unknown> | undefined => WEIGHTINGS.find((w) => w.info.name === name)?.make(c);

/** The default comparison of the main job (`mtlkit run` with no arguments). */
export const DEFAULT_METHODS: readonly string[] = ['mean', 'mgda', 'pcgrad', 'cagrad', 'imtl-g', 'upgrad', 'nash-mtl', 'gradient-blending', 'sam-mtl', 'mt-sgd'];
