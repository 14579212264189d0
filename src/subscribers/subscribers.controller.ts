/** Public subscriber HTTP API: sign-up, confirmation, profile, preferences, privacy. */
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Patch,
  Post,
  Query,
  UnauthorizedException,
} from '@nestjs/common';
import { z } from 'zod';
import { bearerToken } from '../common/bearer-token.js';
import { orBadRequest, parseInput } from './http-input.js';
import { SubscriberService } from './subscriber-service.js';

const signUpSchema = z
  .object({ email: z.string().max(320), preferences: z.unknown().optional() })
  .strict();
const tokenQuery = z.object({ token: z.string().min(1).max(200) });

@Controller('subscribers')
export class SubscribersController {
  constructor(@Inject(SubscriberService) private readonly subscribers: SubscriberService) {}

  @Post()
  @HttpCode(202)
  async signUp(@Body() body: unknown) {
    const input = parseInput(signUpSchema, body);
    await orBadRequest(() => this.subscribers.signUp(input));
    return { status: 'confirmation_sent' };
  }

  @Get('confirm')
  async confirm(@Query() query: unknown) {
    const { token } = parseInput(tokenQuery, query);
    const result = await this.subscribers.confirm(token);
    if (!result) throw new NotFoundException('this confirmation link is invalid or expired');
    return { confirmed: true, ...result };
  }

  @Get('me')
  async me(@Headers('authorization') auth: string | undefined) {
    const profile = await this.subscribers.profile(this.subscriberId(auth));
    if (!profile) throw new NotFoundException('no such subscriber');
    return profile;
  }

  @Patch('me/preferences')
  async preferences(@Headers('authorization') auth: string | undefined, @Body() body: unknown) {
    const id = this.subscriberId(auth);
    const prefs = await orBadRequest(() => this.subscribers.updatePreferences(id, body));
    if (!prefs) throw new NotFoundException('no such subscriber');
    return prefs;
  }

  @Get('me/export')
  async export(@Headers('authorization') auth: string | undefined) {
    const data = await this.subscribers.exportData(this.subscriberId(auth));
    if (!data) throw new NotFoundException('no such subscriber');
    return data;
  }

  @Delete('me')
  async delete(@Headers('authorization') auth: string | undefined) {
    const deleted = await this.subscribers.deleteData(this.subscriberId(auth));
    if (!deleted) throw new NotFoundException('no such subscriber');
    return { deleted: true };
  }

  private subscriberId(auth: string | undefined): string {
    const token = bearerToken(auth);
    const id = token ? this.subscribers.subscriberFromManageToken(token) : null;
    if (!id) throw new UnauthorizedException('a valid profile token is required');
    return id;
  }
}
