import { fundViewedV0Upcaster } from './fund-viewed-v0.upcaster';
import { UpcasterChain } from './upcaster';

/** Every upcaster of the catalog. A new schema version adds its step here. */
export const CATALOG_UPCASTERS = Object.freeze([fundViewedV0Upcaster]);

export const catalogUpcasters = new UpcasterChain(CATALOG_UPCASTERS);
