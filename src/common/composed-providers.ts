import type { InjectionToken, Provider } from '@nestjs/common';

/**
 * Nest providers for the services of one composed set: the set is built once under `setToken`
 * (by a module's composition function), and each service is provided under its own token.
 */
export function composedProviders<S>(
  setToken: InjectionToken,
  services: [token: InjectionToken, pick: (set: S) => unknown][],
): Provider[] {
  return services.map(([token, pick]) => ({
    provide: token,
    inject: [setToken],
    useFactory: pick,
  }));
}
