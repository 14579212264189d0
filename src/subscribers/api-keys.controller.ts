/**
 * A subscriber's analytics API keys (Bearer: the profile token): create (the key is shown once),
 * list (prefixes only), revoke.
 */
import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { z } from 'zod';
import { ApiKeyService, TooManyApiKeysError } from './api-keys.js';
import { parseInput } from './http-input.js';
import { subscriberOfManageToken } from './manage-auth.js';
import { SubscriberService } from './subscriber-service.js';

const createSchema = z
  .object({ name: z.string().trim().min(1).max(80).default('API key') })
  .strict();

@Controller('subscribers/me/api-keys')
export class ApiKeysController {
  constructor(
    @Inject(SubscriberService) private readonly subscribers: SubscriberService,
    @Inject(ApiKeyService) private readonly keys: ApiKeyService,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Headers('authorization') auth: string | undefined, @Body() body: unknown) {
    const id = await subscriberOfManageToken(this.subscribers, auth);
    const { name } = parseInput(createSchema, body ?? {});
    try {
      return await this.keys.create(id, name);
    } catch (err) {
      if (err instanceof TooManyApiKeysError) throw new ConflictException(err.message);
      throw err;
    }
  }

  @Get()
  async list(@Headers('authorization') auth: string | undefined) {
    return { keys: await this.keys.list(await subscriberOfManageToken(this.subscribers, auth)) };
  }

  @Delete(':keyId')
  async revoke(@Headers('authorization') auth: string | undefined, @Param('keyId') keyId: string) {
    const id = await subscriberOfManageToken(this.subscribers, auth);
    if (!(await this.keys.revoke(id, keyId))) throw new NotFoundException('no such live API key');
    return { revoked: true };
  }
}
