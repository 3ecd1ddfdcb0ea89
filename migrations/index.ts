import { CatalogAndApiKeys1763800000000 } from './1763800000000-catalog-and-api-keys';

// In order of application; `npm run migration:generate` output must be added here.
export const MIGRATIONS = [CatalogAndApiKeys1763800000000];
