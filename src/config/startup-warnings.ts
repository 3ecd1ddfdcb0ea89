import type { AppConfig } from './app-config';

// What an operator should hear at boot about settings left to their defaults.
export function startupWarnings(config: AppConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  const warnings: string[] = [];
  if (!config.ADMIN_API_KEY) {
    warnings.push('ADMIN_API_KEY is not set: only keys stored in the database work');
  }
  // Tracking links and advertisers' postback URLs are built from it (SPEC §12); the default only
  // works on this machine. A worker builds neither.
  if (!env.PUBLIC_BASE_URL && config.ROLE !== 'worker') {
    warnings.push(
      `PUBLIC_BASE_URL is not set: tracking links and advertisers' postback URLs will point at ${config.PUBLIC_BASE_URL}`,
    );
  }
  return warnings;
}
