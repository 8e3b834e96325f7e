import type { AccessTokenClaims } from '@symbia/auth';
import { uuidv7 } from '@symbia/kit';
import { SignJWT } from 'jose';
import type { KeyRing } from './key-ring.js';

/** The claims a caller chooses; identity adds iss, aud, iat, exp and jti. */
export type TokenSubjectClaims = Omit<AccessTokenClaims, 'iss' | 'aud' | 'iat' | 'exp' | 'jti'>;

export interface IssuedToken {
  token: string;
  /** Epoch seconds. */
  exp: number;
  expiresAt: Date;
}

export interface TokenIssuer {
  issue(claims: TokenSubjectClaims, ttlSeconds: number): Promise<IssuedToken>;
}

export function createTokenIssuer(deps: {
  keyRing: KeyRing;
  issuer: string;
  audience: string;
  clock?: () => number;
}): TokenIssuer {
  const { keyRing, issuer, audience, clock = Date.now } = deps;
  return {
    async issue(claims, ttlSeconds) {
      const key = await keyRing.active();
      const iat = Math.floor(clock() / 1000);
      const exp = iat + ttlSeconds;
      // Undefined optional claims are dropped so the payload stays small and parseable.
      const payload = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
      const token = await new SignJWT(payload)
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .setJti(uuidv7())
        .sign(key.privateKey);
      return { token, exp, expiresAt: new Date(exp * 1000) };
    },
  };
}
