/** The clock is passed in, never read ad hoc, so decisions stay pure and testable. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
