/** Injection tokens of the subscribers module (besides RECIPIENT_DIRECTORY and the ports). */
export const TELEGRAM_BOT = Symbol('TelegramBot');
export const SIGNED_TOKENS = Symbol('SignedTokens');
/** Every service of the module as built by createSubscriberServices. */
export const SUBSCRIBER_SERVICES = Symbol('SubscriberServices');
export { SIGNAL_EXPLAINER, LEVELS_PROVIDER } from './insight-ports.js';
export { DISCORD_ROLES, TELEGRAM_GROUPS } from './entitlement-ports.js';
export { SUBSCRIBER_MAILER } from './mailer.js';
export { RECIPIENT_DIRECTORY } from './recipient-directory.js';
