/** Discord roles through discord.js's REST client (`Authorization: Bot …`, api base from config). */
import { DiscordAPIError, REST, Routes } from 'discord.js';
import { CallGuard, isClientStatus } from '../call-guard.js';
import type { DiscordRoles } from '../entitlement-ports.js';

const UNKNOWN_MEMBER = 10007;

export class DiscordRestRoles implements DiscordRoles {
  private readonly rest: REST;
  private readonly guard = new CallGuard('discord', { isClientError: isClientStatus });

  constructor(
    apiBase: string,
    botToken: string,
    private readonly guildId: string,
    options: { timeoutMs?: number; retries?: number } = {},
  ) {
    this.rest = new REST({
      api: apiBase,
      timeout: options.timeoutMs ?? 10_000,
      retries: options.retries ?? 3,
    }).setToken(botToken);
  }

  async memberRoles(userId: string): Promise<string[] | null> {
    try {
      const member = (await this.guard.run(() =>
        this.rest.get(Routes.guildMember(this.guildId, userId)),
      )) as {
        roles?: unknown;
      };
      return Array.isArray(member.roles) ? member.roles.map(String) : [];
    } catch (err) {
      if (err instanceof DiscordAPIError && err.code === UNKNOWN_MEMBER) return null;
      throw err;
    }
  }

  async addRole(userId: string, roleId: string): Promise<void> {
    await this.guard.run(() =>
      this.rest.put(Routes.guildMemberRole(this.guildId, userId, roleId), {
        reason: 'GammaDesk tier sync',
      }),
    );
  }

  async removeRole(userId: string, roleId: string): Promise<void> {
    await this.guard.run(() =>
      this.rest.delete(Routes.guildMemberRole(this.guildId, userId, roleId), {
        reason: 'GammaDesk tier sync',
      }),
    );
  }
}
