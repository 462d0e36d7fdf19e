import * as xmllint from '@authenio/samlify-node-xmllint';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  Constants,
  IdentityProvider,
  SamlLib,
  ServiceProvider,
  setSchemaValidator,
  type IdentityProviderInstance,
  type ServiceProviderInstance,
} from 'samlify';
import { scratchDir } from './environment';

/** A person the test IdP can sign in; `nameId` is also what they type as their user name. */
export interface SamlUser {
  nameId: string;
  displayName?: string;
  email?: string;
  groups: string[];
}

/**
 * How the IdP builds one response. The default is a valid response whose assertion is signed (as
 * Entra ID and AD FS do out of the box); every other option is a defect a service provider must refuse.
 */
export interface SamlResponseOptions {
  /** Drop every signature. */
  unsigned?: boolean;
  /** Issued ten minutes ago and valid until five minutes ago. */
  expired?: boolean;
  /** The Issuer to name instead of this IdP's entity id (still signed with its key). */
  issuer?: string;
  /** The Audience to name instead of the service provider's entity id. */
  audience?: string;
  /** Reuse an assertion id, as a replayed assertion would. */
  assertionId?: string;
  /** Changes made to the XML after it was signed. */
  tamper?: { nameId?: string; groups?: string[] };
}

/** What the browser posts to the service provider's assertion consumer service. */
export interface SamlPost {
  url: string;
  fields: { SAMLResponse: string; RelayState?: string };
  /** The ID of the assertion inside, to reuse it in a replay. */
  assertionId: string;
}

export interface SamlIdentityProvider {
  entityId: string;
  /** The HTTP-Redirect single sign-on endpoint (the service provider's SAML_ENTRY_POINT). */
  ssoUrl: string;
  /** The PEM certificate the responses are signed with (the service provider's SAML_IDP_CERT). */
  certificate: string;
  /** Attribute names it sends. */
  attributes: { displayName: string; email: string; groups: string };
  /** Trusts a service provider given its metadata XML; AuthnRequests from anyone else are refused. */
  trustServiceProvider(metadataXml: string): void;
  addUser(user: SamlUser): void;
  /**
   * What a browser does after the service provider redirected it here: opens `redirectUrl` (the IdP
   * parses and checks the AuthnRequest), signs in as `nameId` on the login page, and returns the form
   * the IdP's page would post back.
   */
  signIn(redirectUrl: string, nameId: string, options?: SamlResponseOptions): Promise<SamlPost>;
  /** A response no AuthnRequest asked for: IdP-initiated (no InResponseTo) or answering a made-up id. */
  unsolicitedResponse(
    nameId: string,
    options?: SamlResponseOptions & { inResponseTo?: string },
  ): Promise<SamlPost>;
  stop(): Promise<void>;
}

interface PendingLogin {
  requestId: string;
  relayState: string | undefined;
  options: SamlResponseOptions;
}

const UNSPECIFIED_NAME_ID = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
const ATTRIBUTES = { displayName: 'displayName', email: 'email', groups: 'groups' };

/**
 * A real, independent SAML 2.0 identity provider on loopback, built on samlify (schema-checked with
 * xmllint) with its own signing key and certificate made by openssl for this run.
 */
export async function startSamlIdp(users: SamlUser[] = []): Promise<SamlIdentityProvider> {
  setSchemaValidator({ validate: contained(xmllint.validate) });
  const { privateKey, certificate } = generateSigningKey();
  const directory = new Map(users.map((user) => [user.nameId, user]));
  const pending = new Map<string, PendingLogin>();
  let serviceProvider: ServiceProviderInstance | null = null;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entityId = `${origin}/metadata`;
  const ssoUrl = `${origin}/sso`;
  const idp: IdentityProviderInstance = IdentityProvider({
    entityID: entityId,
    privateKey,
    signingCert: certificate,
    nameIDFormat: [UNSPECIFIED_NAME_ID],
    singleSignOnService: [{ Binding: Constants.namespace.binding.redirect, Location: ssoUrl }],
    requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    generateID: () => `_${randomUUID()}`,
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    if (request.method === 'GET' && url.pathname === '/metadata') {
      send(response, 200, idp.getMetadata(), 'application/samlmetadata+xml');
    } else if (request.method === 'GET' && url.pathname === '/sso') {
      const refusal = await startLogin(url, response);
      if (refusal) send(response, 400, refusal);
    } else if (request.method === 'POST' && url.pathname === '/sso/login') {
      const form = new URLSearchParams(await readBody(request));
      const login = pending.get(form.get('login') ?? '');
      const user = directory.get(form.get('username') ?? '');
      if (!login || !user) return send(response, 403, 'unknown login or user');
      pending.delete(form.get('login') ?? '');
      const post = await respond(user, login.requestId, login.relayState, login.options);
      send(response, 200, autoPostPage(post), 'text/html');
    } else {
      send(response, 404, 'not found');
    }
  }

  /** Parses and checks the AuthnRequest, then shows the login page; returns why it refused, if it did. */
  async function startLogin(url: URL, response: ServerResponse): Promise<string | null> {
    const sp = serviceProvider;
    if (!sp) return 'no service provider is trusted yet';
    const query = Object.fromEntries(url.searchParams);
    const parsed = await idp
      .parseLoginRequest(sp, 'redirect', { query, octetString: url.search.slice(1) })
      .catch((error: unknown) => ({ error: String(error) }));
    if ('error' in parsed) return `bad AuthnRequest: ${parsed.error}`;
    const { issuer, request } = parsed.extract;
    if (issuer !== sp.entityMeta.getEntityID())
      return `AuthnRequest from an unknown issuer: ${String(issuer)}`;
    const acs = request?.assertionConsumerServiceUrl;
    if (acs !== undefined && acs !== acsUrl(sp))
      return `AuthnRequest names an unknown ACS URL: ${String(acs)}`;
    const requestId = request?.id;
    if (typeof requestId !== 'string' || !requestId) return 'AuthnRequest without an ID';
    const login = randomUUID();
    pending.set(login, {
      requestId,
      relayState: url.searchParams.get('RelayState') ?? undefined,
      options: {},
    });
    send(response, 200, loginPage(login), 'text/html');
    return null;
  }

  async function respond(
    user: SamlUser,
    inResponseTo: string | null,
    relayState: string | undefined,
    options: SamlResponseOptions,
  ): Promise<SamlPost> {
    const sp = serviceProvider;
    if (!sp) throw new Error('trustServiceProvider(metadata) first');
    const destination = acsUrl(sp);
    const assertionId = options.assertionId ?? `_${randomUUID()}`;
    const now = Date.now();
    const issued = new Date(options.expired ? now - 10 * 60_000 : now).toISOString();
    const notOnOrAfter = new Date(options.expired ? now - 5 * 60_000 : now + 5 * 60_000).toISOString();
    const groupsXml = attributeXml(ATTRIBUTES.groups, user.groups);
    const { context } = await idp.createLoginResponse(
      sp,
      { extract: { request: { id: inResponseTo ?? '' } } },
      'post',
      { email: user.nameId },
      {
        relayState,
        customTagReplacement: (template) => {
          const id = `_${randomUUID()}`;
          const statements = template
            .replace('{AuthnStatement}', authnStatementXml(issued))
            .replace(
              '{AttributeStatement}',
              `<saml:AttributeStatement>${[
                user.displayName === undefined
                  ? ''
                  : attributeXml(ATTRIBUTES.displayName, [user.displayName]),
                user.email === undefined ? '' : attributeXml(ATTRIBUTES.email, [user.email]),
                groupsXml,
              ].join('')}</saml:AttributeStatement>`,
            );
          return {
            id,
            context: SamlLib.replaceTagsByValue(statements, {
              ID: id,
              AssertionID: assertionId,
              Destination: destination,
              Audience: options.audience ?? sp.entityMeta.getEntityID(),
              SubjectRecipient: destination,
              Issuer: options.issuer ?? entityId,
              IssueInstant: issued,
              StatusCode: Constants.StatusCode.Success,
              ConditionsNotBefore: issued,
              ConditionsNotOnOrAfter: notOnOrAfter,
              SubjectConfirmationDataNotOnOrAfter: notOnOrAfter,
              NameIDFormat: UNSPECIFIED_NAME_ID,
              NameID: user.nameId,
              // null drops the attribute: an IdP-initiated response answers no request.
              InResponseTo: inResponseTo,
            }),
          };
        },
      },
    );
    let xml = Buffer.from(context, 'base64').toString('utf8');
    if (options.unsigned) xml = xml.replace(/<ds:Signature\b[\s\S]*?<\/ds:Signature>/g, '');
    if (options.tamper?.nameId !== undefined) {
      xml = replaceOnce(
        xml,
        `>${escapeXml(user.nameId)}</saml:NameID>`,
        `>${escapeXml(options.tamper.nameId)}</saml:NameID>`,
      );
    }
    if (options.tamper?.groups) {
      xml = replaceOnce(xml, groupsXml, attributeXml(ATTRIBUTES.groups, options.tamper.groups));
    }
    return {
      url: destination,
      fields: {
        SAMLResponse: Buffer.from(xml).toString('base64'),
        ...(relayState === undefined ? {} : { RelayState: relayState }),
      },
      assertionId,
    };
  }

  function userNamed(nameId: string): SamlUser {
    const user = directory.get(nameId);
    if (!user) throw new Error(`the test IdP has no user ${nameId}; addUser() first`);
    return user;
  }

  return {
    entityId,
    ssoUrl,
    certificate,
    attributes: ATTRIBUTES,
    trustServiceProvider(metadataXml) {
      serviceProvider = ServiceProvider({ metadata: metadataXml });
    },
    addUser(user) {
      directory.set(user.nameId, user);
    },
    async signIn(redirectUrl, nameId, options = {}) {
      userNamed(nameId);
      if (!redirectUrl.startsWith(`${ssoUrl}?`)) throw new Error(`not this IdP's SSO URL: ${redirectUrl}`);
      const page = await fetch(redirectUrl);
      const pageHtml = await page.text();
      if (page.status !== 200)
        throw new Error(`the IdP refused the AuthnRequest (${page.status}): ${pageHtml}`);
      const login = hiddenInputs(pageHtml).get('login') ?? '';
      const started = pending.get(login);
      if (!started) throw new Error(`the IdP's login page has no pending login:\n${pageHtml}`);
      started.options = options;
      const posted = await fetch(`${origin}/sso/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login, username: nameId }),
      });
      const formHtml = await posted.text();
      if (posted.status !== 200)
        throw new Error(`the IdP refused the sign-in (${posted.status}): ${formHtml}`);
      const fields = hiddenInputs(formHtml);
      const SAMLResponse = fields.get('SAMLResponse');
      const action = /<form method="post" action="([^"]+)"/.exec(formHtml)?.[1];
      if (!SAMLResponse || !action) throw new Error(`the IdP's page posts no SAMLResponse:\n${formHtml}`);
      const RelayState = fields.get('RelayState');
      return {
        url: unescapeHtml(action),
        fields: { SAMLResponse, ...(RelayState === undefined ? {} : { RelayState }) },
        assertionId: assertionIdOf(SAMLResponse),
      };
    },
    unsolicitedResponse(nameId, options = {}) {
      return respond(userNamed(nameId), options.inResponseTo ?? null, undefined, options);
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * node-xmllint runs a fresh emscripten program per validation, and each one, as it exits, prints an empty
 * line, arms `process.exit` on stdout's next 'drain' and leaves a rethrowing 'uncaughtException'
 * listener: all of it would land in the test process. The validation runs synchronously inside this
 * call, so whatever it added is taken off again right after.
 */
function contained(validate: (xml: string) => Promise<unknown>): (xml: string) => Promise<unknown> {
  return (xml) => {
    const log = console.log;
    const drains = new Set(process.stdout.listeners('drain'));
    const handlers = new Set(process.listeners('uncaughtException'));
    console.log = () => undefined;
    try {
      return validate(xml);
    } finally {
      console.log = log;
      for (const listener of process.stdout.listeners('drain')) {
        if (!drains.has(listener)) process.stdout.removeListener('drain', listener as () => void);
      }
      for (const listener of process.listeners('uncaughtException')) {
        if (!handlers.has(listener)) process.removeListener('uncaughtException', listener);
      }
    }
  };
}

function generateSigningKey(): { privateKey: string; certificate: string } {
  const dir = scratchDir('saml-idp');
  const keyFile = join(dir, 'idp-key.pem');
  const certFile = join(dir, 'idp-cert.pem');
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
  } catch {
    throw new Error('openssl is missing: install it with `apt-get install -y openssl`');
  }
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-subj',
      '/CN=slipway-test-idp',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'pipe' },
  );
  return { privateKey: readFileSync(keyFile, 'utf8'), certificate: readFileSync(certFile, 'utf8') };
}

function acsUrl(sp: ServiceProviderInstance): string {
  const location = sp.entityMeta.getAssertionConsumerService('post');
  const first = Array.isArray(location) ? location[0] : location;
  if (!first) throw new Error('the service provider metadata has no HTTP-POST AssertionConsumerService');
  return first;
}

function attributeXml(name: string, values: readonly string[]): string {
  const valuesXml = values
    .map((value) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(value)}</saml:AttributeValue>`)
    .join('');
  return `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${valuesXml}</saml:Attribute>`;
}

function authnStatementXml(instant: string): string {
  return (
    `<saml:AuthnStatement AuthnInstant="${instant}" SessionIndex="_${randomUUID()}"><saml:AuthnContext>` +
    '<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' +
    '</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>'
  );
}

function loginPage(login: string): string {
  return (
    '<!DOCTYPE html><html><body><h1>Test IdP</h1><form method="post" action="/sso/login">' +
    `<input type="hidden" name="login" value="${escapeXml(login)}">` +
    '<label>User name <input name="username"></label><button type="submit">Sign in</button></form></body></html>'
  );
}

function autoPostPage(post: SamlPost): string {
  const inputs = Object.entries(post.fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeXml(value)}">`)
    .join('');
  return (
    `<!DOCTYPE html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeXml(post.url)}">` +
    `${inputs}<noscript><button type="submit">Continue</button></noscript></form></body></html>`
  );
}

function hiddenInputs(html: string): Map<string, string> {
  const inputs = new Map<string, string>();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    inputs.set(match[1]!, unescapeHtml(match[2]!));
  }
  return inputs;
}

function assertionIdOf(samlResponse: string): string {
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  const id = /<saml:Assertion\b[^>]*\bID="([^"]+)"/.exec(xml)?.[1];
  if (!id) throw new Error('the SAMLResponse has no assertion');
  return id;
}

function replaceOnce(xml: string, from: string, to: string): string {
  if (!xml.includes(from)) throw new Error(`cannot tamper: ${from} is not in the response`);
  return xml.replace(from, () => to);
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function send(response: ServerResponse, status: number, body: string, type = 'text/plain'): void {
  response.writeHead(status, { 'content-type': `${type}; charset=utf-8` }).end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}
