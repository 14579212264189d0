/** Ports to the platforms where a tier is an entitlement: Discord roles, Telegram groups. */

export interface DiscordRoles {
  /** Role ids of a guild member, or null when the user is not in the guild. */
  memberRoles(userId: string): Promise<string[] | null>;
  addRole(userId: string, roleId: string): Promise<void>;
  removeRole(userId: string, roleId: string): Promise<void>;
}

export type TelegramMemberStatus =
  'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

export interface TelegramGroups {
  memberStatus(chatId: string, userId: string): Promise<TelegramMemberStatus>;
  /** A single-use invite link (member_limit 1) to a group. */
  createSingleUseInvite(chatId: string, name: string): Promise<string>;
  /** Removes a member without a lasting ban (ban, then unban). */
  remove(chatId: string, userId: string): Promise<void>;
  sendMessage(chatId: string, text: string): Promise<void>;
}

export const DISCORD_ROLES = Symbol('DiscordRoles');
export const TELEGRAM_GROUPS = Symbol('TelegramGroups');
