import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { packRules } from '@casl/ability/extra';
import { DomainError, defineRulesFor, type LoginResponse, type Me } from '@evalflow/domain';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { AuthRepository, type ActorRow } from './auth.repository';
import { PasswordHasher } from './password-hasher';

interface AccessTokenClaims {
  sub: string;
  sid: string;
}

export interface ClientInfo {
  userAgent: string | null;
  ip: string | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

@Injectable()
export class AuthService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string, client: ClientInfo): Promise<LoginResponse> {
    const credentials = await this.repository.findCredentials(username);
    if (credentials?.lockedUntil && credentials.lockedUntil > new Date()) throw this.locked(credentials.lockedUntil);
    const valid = await this.hasher.verify(credentials?.passwordHash ?? null, password);
    if (!credentials || !valid) {
      if (credentials) {
        const lockedUntil = await this.repository.recordFailure(credentials.id, this.config.LOGIN_MAX_FAILURES, this.config.LOGIN_LOCK_MINUTES);
        if (lockedUntil && lockedUntil > new Date()) throw this.locked(lockedUntil);
      }
      throw new DomainError('INVALID_CREDENTIALS', 'Wrong username or password');
    }
    if (!credentials.active) throw new DomainError('INVALID_CREDENTIALS', 'This account is deactivated');
    await this.repository.recordSuccess(credentials.id);
    const refreshToken = this.newRefreshToken();
    const sessionId = await this.repository.createSession({
      userId: credentials.id,
      tokenHash: hashToken(refreshToken),
      expiresAt: this.refreshExpiry(),
      ...client,
    });
    return this.issue(credentials.id, sessionId, refreshToken);
  }

  async refresh(refreshToken: string): Promise<LoginResponse> {
    const presentedHash = hashToken(refreshToken);
    const session = await this.repository.findSessionByToken(presentedHash);
    if (!session || session.revokedAt || session.expiresAt <= new Date()) throw new DomainError('TOKEN_INVALID', 'The session is over; sign in again');
    if (session.matched === 'previous') {
      // A rotated-out token came back: it was copied. End the session for both holders.
      await this.repository.revokeSession(session.id);
      throw new DomainError('TOKEN_INVALID', 'The session was ended because an old refresh token was reused');
    }
    const next = this.newRefreshToken();
    const rotated = await this.repository.rotateSession(session.id, presentedHash, hashToken(next), this.refreshExpiry());
    if (!rotated) throw new DomainError('TOKEN_INVALID', 'The session is over; sign in again');
    return this.issue(session.userId, session.id, next);
  }

  async logout(sessionId: string): Promise<void> {
    await this.repository.revokeSession(sessionId);
  }

  /** Verifies an access token and loads the user behind it; null when the token or the session is not valid. */
  async authenticate(accessToken: string): Promise<AuthenticatedUser | null> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(accessToken, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return null;
    const row = await this.repository.loadActor(claims.sub, claims.sid).catch(() => null);
    if (!row || !row.active || !row.organisationActive) return null;
    return toAuthenticatedUser(row, claims.sid);
  }

  describe(user: AuthenticatedUser): { user: Me; rules: unknown[] } {
    return { user: toMe(user), rules: packRules(defineRulesFor(user)) };
  }

  private async issue(userId: string, sessionId: string, refreshToken: string): Promise<LoginResponse> {
    const row = await this.repository.loadActor(userId, sessionId);
    if (!row) throw new DomainError('TOKEN_INVALID', 'The session is over; sign in again');
    const user = toAuthenticatedUser(row, sessionId);
    const accessToken = await this.jwt.signAsync({ sub: userId, sid: sessionId } satisfies AccessTokenClaims, {
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      algorithm: 'HS256',
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS, refreshToken, ...this.describe(user) };
  }

  private newRefreshToken(): string {
    return randomBytes(32).toString('base64url');
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
  }

  private locked(until: Date): DomainError {
    const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
    return new DomainError('ACCOUNT_LOCKED', 'Too many failed sign-ins; the account is locked for a while', { lockedUntil: until.toISOString(), retryAfterSeconds });
  }
}

export function toAuthenticatedUser(row: ActorRow, sessionId: string): AuthenticatedUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    roles: row.roles,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    organisationKind: row.organisationKind,
    organisationRegionId: row.organisationRegionId,
    jurisdictionRegionIds: row.jurisdictionRegionIds,
    sessionId,
  };
}

function toMe(user: AuthenticatedUser): Me {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    roles: user.roles,
    organisation: { id: user.organisationId, name: user.organisationName, kind: user.organisationKind, regionId: user.organisationRegionId },
    jurisdictionRegionIds: [...user.jurisdictionRegionIds],
  };
}
