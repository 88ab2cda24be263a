import { Category, CATEGORIES, DomainEvent, EventDataByType, EventTypeName, FREQUENCIES, QUESTION_TOPICS, ARTICLE_KINDS, RISK_LEVELS } from '@tagstream/events';
import { CATEGORY_WEIGHTS, Fund, INSTITUTIONS, REGIONS } from './fund-universe';
import { Random } from './random';
import { DAY, UserProfile, Window } from './user-profile';

const SECOND = 1000;
const CHINA_OFFSET_MS = 8 * 3600 * SECOND;

export interface Catalogue {
  readonly funds: readonly Fund[];
  readonly byCategory: ReadonlyMap<Category, readonly Fund[]>;
}

interface Position {
  fund: Fund;
  heldCents: number;
}

/**
 * Plays one user's behaviour through the window, session by session, and
 * records the events it produces in order. The state it keeps (follows, open
 * positions, plans, consent) is what makes the funnel and the redemptions
 * consistent: a redemption is always of a fund the user holds, a stop always
 * of a plan that was started.
 */
export class UserHistory {
  private readonly events: DomainEvent[] = [];
  private cursor = 0;
  private readonly followed = new Map<string, Fund>();
  private readonly positions = new Map<string, Position>();
  private readonly plans = new Map<string, Fund>();
  private riskLevel?: string;
  private personalized = true;
  private hasOptedOut = false;
  private hasBoughtIn = false;

  constructor(
    private readonly random: Random,
    private readonly profile: UserProfile,
    private readonly window: Window,
    private readonly catalogue: Catalogue,
  ) {}

  play(): DomainEvent[] {
    const { registeredAt } = this.profile;
    if (registeredAt !== undefined) this.register(registeredAt);
    for (let day = Math.floor(this.profile.activeFrom / DAY) * DAY; day < this.profile.activeUntil; day += DAY) {
      for (const start of this.sessionStarts(day)) this.session(start);
    }
    // The last session may run past the end of the window; nothing may be in the future.
    return this.events.filter((event) => Date.parse(event.occurredAt) <= this.window.to);
  }

  private sessionStarts(day: number): number[] {
    const from = Math.max(day, this.profile.activeFrom);
    const to = Math.min(day + DAY, this.profile.activeUntil);
    if (to <= from) return [];
    const share = (to - from) / DAY;
    const count = this.random.poisson(this.profile.sessionsPerDay * share);
    return Array.from({ length: count }, () => from + this.random.next() * (to - from)).sort((a, b) => a - b);
  }

  private register(at: number): void {
    this.cursor = at;
    this.emit('UserRegistered', { channel: this.profile.channel, region: this.profile.region });
    if (this.profile.assessesEarly) this.assessRisk(this.profile.riskLevel, 90);
  }

  private session(start: number): void {
    this.cursor = Math.max(start, this.cursor + 30 * SECOND);
    this.changeConsent();
    const region = this.random.chance(0.05) ? this.random.pick(REGIONS) : this.profile.region;
    this.emit('SessionStarted', { device: this.profile.device, region });
    if (!this.riskLevel && this.profile.assessesEarly) this.assessRisk(this.profile.riskLevel, 20);
    const views = 1 + Math.floor(this.random.logNormal(1.5, 0.8));
    for (let i = 0; i < views; i++) this.view(this.pickFund());
    if (!this.hasBoughtIn) this.buyIn();
    this.occasionalActions();
  }

  private changeConsent(): void {
    const { optOutAt, optsBackIn } = this.profile;
    if (optOutAt !== undefined && !this.hasOptedOut && this.cursor >= optOutAt) {
      this.hasOptedOut = true;
      this.personalized = false;
      this.emit('MarketingConsentChanged', { personalized: false });
    } else if (!this.personalized && optsBackIn && this.random.chance(0.05)) {
      this.personalized = true;
      this.emit('MarketingConsentChanged', { personalized: true });
    }
  }

  private view(fund: Fund): void {
    const bounced = this.random.chance(0.25);
    const dwellSeconds = bounced ? this.random.int(0, 4) : Math.min(86_400, Math.round(this.random.logNormal(25, 0.9)));
    this.emit('FundViewed', { ...fund, dwellSeconds });
    this.advance(dwellSeconds + this.random.int(2, 20));
    if (bounced) return;
    // The funnel: an engaged view sometimes leads to a follow, and a followed fund far more often to a purchase.
    if (this.followed.has(fund.fundCode)) {
      if (this.random.chance(0.1)) this.subscribe(fund);
    } else if (this.random.chance(0.07)) {
      this.followed.set(fund.fundCode, fund);
      this.emit('FundFollowed', { ...fund });
    } else if (this.random.chance(0.012)) {
      this.subscribe(fund);
    }
  }

  /**
   * An investor's first session in the window buys or tops up the funds they
   * hold, so a window that starts mid-life still shows the positions a real
   * platform's users have (without it almost nobody would hold anything).
   */
  private buyIn(): void {
    this.hasBoughtIn = true;
    const funds = new Map<string, Fund>();
    for (let i = 0; i < this.profile.holdings; i++) {
      const fund = this.pickFund();
      funds.set(fund.fundCode, fund);
    }
    for (const fund of funds.values()) {
      this.view(fund);
      this.subscribe(fund);
    }
  }

  private occasionalActions(): void {
    if (this.followed.size && this.random.chance(0.02)) this.unfollow();
    for (const position of [...this.positions.values()]) if (this.random.chance(0.025)) this.redeem(position);
    if (this.random.chance(0.012)) this.startPlan();
    for (const [planId] of [...this.plans]) if (this.random.chance(0.015)) this.stopPlan(planId);
    if (this.random.chance(0.18)) this.readArticle();
    if (this.random.chance(0.025)) this.askQuestion();
    if (this.personalized && this.random.chance(0.35)) this.seeCampaigns();
    if (this.riskLevel && this.random.chance(0.003)) this.assessRisk(this.nearbyRiskLevel(), 60);
  }

  private subscribe(fund: Fund): void {
    if (!this.riskLevel) this.assessRisk(this.profile.riskLevel, 60);
    const cents = this.purchaseCents();
    const position = this.positions.get(fund.fundCode);
    this.positions.set(fund.fundCode, { fund, heldCents: (position?.heldCents ?? 0) + cents });
    this.emit('FundSubscribed', { ...fund, amount: formatCents(cents), currency: 'CNY' });
    this.advance(this.random.int(20, 90));
  }

  private redeem(position: Position): void {
    const full = this.random.chance(0.4) || position.heldCents < 200;
    const cents = full ? position.heldCents : Math.max(1, Math.round(position.heldCents * (0.1 + 0.6 * this.random.next())));
    if (full) this.positions.delete(position.fund.fundCode);
    else position.heldCents -= cents;
    this.emit('FundRedeemed', { ...position.fund, amount: formatCents(cents), full });
    this.advance(this.random.int(20, 90));
  }

  private unfollow(): void {
    const fund = this.random.pick([...this.followed.values()]);
    this.followed.delete(fund.fundCode);
    this.emit('FundUnfollowed', { ...fund });
  }

  private startPlan(): void {
    const candidates = [...this.positions.values()].map((p) => p.fund).concat([...this.followed.values()]);
    const fund = candidates.length ? this.random.pick(candidates) : this.pickFund();
    const planId = `plan-${this.random.uuid().slice(0, 13)}`;
    this.plans.set(planId, fund);
    const amount = String(this.random.pick([100, 200, 300, 500, 1000, 2000]));
    const frequency = this.random.weighted(FREQUENCIES, [25, 15, 60]);
    this.emit('AutoInvestStarted', { planId, ...fund, amount, frequency });
  }

  private stopPlan(planId: string): void {
    this.plans.delete(planId);
    this.emit('AutoInvestStopped', { planId });
  }

  private readArticle(): void {
    const kind = this.random.weighted(ARTICLE_KINDS, [20, 50, 30]);
    const { institutionId } = this.pickFund();
    this.emit('ArticleRead', { articleId: `art-${this.random.int(1, 5000)}`, kind, institutionId });
    this.advance(this.random.int(30, 400));
  }

  private askQuestion(): void {
    const topic = this.random.weighted(QUESTION_TOPICS, [25, 20, 25, 15, 15]);
    const known = [...this.positions.values()].map((p) => p.fund.institutionId);
    if (known.length && this.random.chance(0.6)) this.emit('QuestionAsked', { topic, institutionId: this.random.pick(known) });
    else this.emit('QuestionAsked', { topic });
  }

  private seeCampaigns(): void {
    const count = this.random.chance(0.3) ? 2 : 1;
    for (let i = 0; i < count; i++) {
      const institutionId = this.random.pick(INSTITUTIONS);
      const campaignId = `${institutionId}-c${this.random.int(1, 12)}`;
      this.emit('CampaignExposed', { campaignId, institutionId });
      if (this.random.chance(0.04)) this.emit('CampaignClicked', { campaignId, institutionId });
    }
  }

  private assessRisk(level: string, seconds: number): void {
    this.riskLevel = level;
    this.emit('RiskAssessed', { level: level as EventDataByType['RiskAssessed']['level'] });
    this.advance(seconds);
  }

  private nearbyRiskLevel(): string {
    const at = RISK_LEVELS.indexOf(this.riskLevel as (typeof RISK_LEVELS)[number]);
    const moved = Math.min(RISK_LEVELS.length - 1, Math.max(0, at + this.random.pick([-1, 1])));
    return RISK_LEVELS[moved];
  }

  private pickFund(): Fund {
    const category = this.random.chance(0.75)
      ? this.random.pick(this.profile.interests)
      : this.random.weighted(CATEGORIES, CATEGORIES.map((c) => CATEGORY_WEIGHTS[c]));
    const funds = this.catalogue.byCategory.get(category)!;
    // A few funds in each category get most of the attention.
    return funds[Math.floor(funds.length * this.random.next() ** 2)];
  }

  private purchaseCents(): number {
    const yuan = Math.max(1, this.random.logNormal(2000, 1.1));
    return this.random.chance(0.6) ? Math.max(100, Math.round(yuan / 100) * 10_000) : Math.round(yuan * 100);
  }

  private advance(seconds: number): void {
    this.cursor += seconds * SECOND;
  }

  private emit<K extends EventTypeName>(type: K, data: EventDataByType[K]): void {
    this.events.push({
      eventId: this.random.uuid(),
      type,
      userId: this.profile.userId,
      occurredAt: formatChinaTime(this.cursor),
      data,
    } as DomainEvent);
    this.advance(this.random.int(1, 5));
  }
}

/** Producers on the platform stamp local time with its offset, e.g. 2026-11-20T08:30:00.123+08:00. */
export function formatChinaTime(ms: number): string {
  return new Date(Math.round(ms) + CHINA_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

export function formatCents(cents: number): string {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0')}`;
}
