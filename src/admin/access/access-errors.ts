import { ForbiddenException, UnauthorizedException } from '@nestjs/common';

/** A portal page without a (live) session: the filter sends the browser to the login page. */
export class AdminLoginRequired extends UnauthorizedException {
  constructor() {
    super('sign in first');
  }
}

/** A signed-in user whose role is below the route's, or a form without its CSRF token. */
export class AdminRefused extends ForbiddenException {
  constructor(readonly explanation: string) {
    super(explanation);
  }
}
