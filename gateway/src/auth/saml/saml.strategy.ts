import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import {
  Strategy,
  ValidateInResponseTo,
  type PassportSamlConfig,
  type Profile,
  type VerifyWithoutRequest,
} from '@node-saml/passport-saml';
import { GATEWAY_CONFIG } from '../../common/injection-tokens';
import type { GatewayConfig, SamlConfig } from '../../config';
import { LoginRequestsService } from '../login-requests.service';
import type { ExternalIdentity } from '../users.service';
import { assertionValidity, samlIdentity } from './saml-identity';
import { SamlSignInRefused } from './saml-refusal';
import { SAML_REQUEST_TTL_MS, SamlRequestCache, stored } from './saml-request-cache';

export const SAML_STRATEGY = 'saml';
const ASSERTION_KIND = 'saml-assertion';
/** Clocks of the IdP and the gateway may differ a little; more than this is a wrong clock. */
const CLOCK_SKEW_MS = 30_000;

/**
 * passport-saml takes a sign-on and a logout verify, and the Nest mixin appends one callback (validate):
 * this fixes the second. There is no single logout here.
 */
class SignOnStrategy extends Strategy {
  constructor(options: PassportSamlConfig, signOnVerify: VerifyWithoutRequest) {
    super(options, signOnVerify, (_profile, done) =>
      done(new SamlSignInRefused('single logout is not supported')),
    );
  }
}

/** Checks a SAML response (node-saml) and turns its assertion into the person who signed in. */
@Injectable()
export class SamlStrategy extends PassportStrategy(SignOnStrategy, SAML_STRATEGY) {
  private readonly saml: SamlConfig;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly loginRequests: LoginRequestsService,
  ) {
    super(strategyOptions(config, new SamlRequestCache(loginRequests)));
    this.saml = requireSaml(config);
  }

  /** Called with a response whose signature, audience, times and InResponseTo node-saml has checked. */
  async validate(profile: Profile | null): Promise<ExternalIdentity> {
    if (!profile) throw new SamlSignInRefused('the response signs no one in');
    // node-saml checks the issuer of logout messages only.
    if (this.saml.idpIssuer !== null && profile.issuer !== this.saml.idpIssuer) {
      throw new SamlSignInRefused(
        `the assertion was issued by ${profile.issuer || 'no one'}, not by ${this.saml.idpIssuer}`,
      );
    }
    const identity = samlIdentity(profile, this.saml.groupsAttribute);
    await this.refuseReplay(profile);
    return identity;
  }

  /** An assertion signs in once, on whichever gateway instance gets it first. */
  private async refuseReplay(profile: Profile): Promise<void> {
    const { id, notOnOrAfter } = assertionValidity(profile);
    if (!id) throw new SamlSignInRefused('the assertion has no ID');
    const acceptedUntil = Math.max(notOnOrAfter?.getTime() ?? 0, Date.now() + SAML_REQUEST_TTL_MS);
    const ttlMs = acceptedUntil - Date.now() + CLOCK_SKEW_MS;
    if (!(await stored(this.loginRequests.remember(ASSERTION_KIND, id, ttlMs)))) {
      throw new SamlSignInRefused('this assertion was already used to sign in');
    }
  }
}

function strategyOptions(config: GatewayConfig, cacheProvider: SamlRequestCache): PassportSamlConfig {
  const saml = requireSaml(config);
  return {
    callbackUrl: `${config.publicUrl}/auth/saml/acs`,
    entryPoint: saml.entryPoint,
    issuer: saml.spEntityId,
    audience: saml.spEntityId,
    idpCert: saml.idpCert,
    ...(saml.idpIssuer === null ? {} : { idpIssuer: saml.idpIssuer }),
    wantAssertionsSigned: true,
    // The signed assertion carries everything we trust; Entra ID and AD FS sign only it by default.
    wantAuthnResponseSigned: false,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: SAML_REQUEST_TTL_MS,
    cacheProvider,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    // The IdP's own policy decides how people authenticate (MFA, passkeys) and which NameID it sends.
    disableRequestedAuthnContext: true,
    identifierFormat: null,
    signatureAlgorithm: 'sha256',
  };
}

function requireSaml(config: GatewayConfig): SamlConfig {
  if (!config.saml) throw new Error('SamlStrategy needs SAML_ENTRY_POINT and SAML_IDP_CERT');
  return config.saml;
}
