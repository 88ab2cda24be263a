import { CATEGORIES, Category, CHANNELS, Channel, Device, DEVICES, RISK_LEVELS, RiskLevel } from '@tagstream/events';
import { CATEGORY_WEIGHTS, REGIONS } from './fund-universe';
import { Random } from './random';

const DAY_MS = 86_400_000;

/** Who a synthetic user is: fixed traits drawn once, before any event. */
export interface UserProfile {
  readonly userId: string;
  /** Set when the user registers inside the window (then the history starts with UserRegistered). */
  readonly registeredAt?: number;
  readonly activeFrom: number;
  /** Churned users stop here; others stay active to the end of the window. */
  readonly activeUntil: number;
  readonly sessionsPerDay: number;
  readonly interests: readonly Category[];
  readonly device: Device;
  readonly channel: Channel;
  readonly region: string;
  readonly riskLevel: RiskLevel;
  /** Whether the user's risk level is assessed in the window before any purchase needs it. */
  readonly assessesEarly: boolean;
  /** When set, the user opts out of personalised marketing at that time. */
  readonly optOutAt?: number;
  readonly optsBackIn: boolean;
  /** Funds an investor buys or tops up in the first session of the window (0: not an investor). */
  readonly holdings: number;
}

export interface Window {
  readonly from: number;
  readonly to: number;
}

export function drawProfile(random: Random, userId: string, window: Window): UserProfile {
  const span = window.to - window.from;
  const isNew = random.chance(0.25);
  const registeredAt = isNew ? window.from + random.next() * span : undefined;
  const activeFrom = registeredAt ?? window.from;
  const churns = random.chance(0.15);
  const activeUntil = churns ? activeFrom + random.next() * (window.to - activeFrom) : window.to;
  const optsOut = random.chance(0.03);
  return {
    userId,
    registeredAt,
    activeFrom,
    activeUntil,
    // Heavy-tailed: most users open the app a few times a month, a few several times a day.
    sessionsPerDay: Math.min(6, Math.max(0.01, random.logNormal(0.2, 1.1))),
    interests: drawInterests(random),
    device: random.weighted(DEVICES, [40, 50, 10]),
    channel: random.weighted(CHANNELS, [70, 15, 15]),
    region: random.pick(REGIONS),
    riskLevel: random.weighted(RISK_LEVELS, [12, 28, 32, 18, 10]),
    // The platform asks for a (re-)assessment before a purchase and once a year, so most users have a level.
    assessesEarly: random.chance(isNew ? 0.85 : 0.6),
    // Early enough in the user's active span that a later session carries it out.
    optOutAt: optsOut ? activeFrom + random.next() * 0.5 * (activeUntil - activeFrom) : undefined,
    optsBackIn: random.chance(0.2),
    // Most users of a fund platform hold something (a money-market balance at least); new users less often.
    holdings: random.chance(isNew ? 0.35 : 0.6) ? 1 + Math.min(3, random.poisson(0.8)) : 0,
  };
}

function drawInterests(random: Random): Category[] {
  const weights = CATEGORIES.map((c) => CATEGORY_WEIGHTS[c]);
  const first = random.weighted(CATEGORIES, weights);
  const second = random.weighted(CATEGORIES, weights);
  return first === second ? [first] : [first, second];
}

export const DAY = DAY_MS;
