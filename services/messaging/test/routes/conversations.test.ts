import { refusalOf } from '@symbia/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, startMessaging, type Harness, type OrgUser, type Session } from '../helpers/messaging-harness.js';

let h: Harness;
let u1: OrgUser; // admin of O1
let u2: OrgUser; // member of O1
let u3: OrgUser; // member of O1, not in the conversations below
let outsider: OrgUser; // O2 only: must never see O1's data

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const req = (method: Method, url: string, who?: Session, payload?: unknown, headers: Record<string, string> = {}) =>
  h.app.inject({
    method,
    url,
    headers: { ...(who?.headers ?? {}), ...headers },
    ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
  });
const createGroup = async (who: Session, extra: Record<string, unknown> = {}) => {
  const res = await req('POST', '/api/conversations', who, { type: 'group', name: 'G', ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    id: string;
    org_id: string | null;
    participants: { user_id: string; role: string; user_type: string }[];
  };
};

beforeAll(async () => {
  h = await startMessaging();
  u1 = await h.registerOrgUser('O1');
  u2 = await h.addMember(u1, u1.orgId, await h.registerOrgUser('U2 home'));
  u3 = await h.addMember(u1, u1.orgId, await h.registerOrgUser('U3 home'));
  outsider = await h.registerOrgUser('O2');
});
afterAll(() => h?.close());

describe('POST /api/conversations', () => {
  it('creates a group: creator owner, listed participants members, scoped to the caller org (scenario 1)', async () => {
    const conv = await createGroup(u1, {
      participants: [{ userId: u2.id }, { userId: 'assistant:helper' }, { userId: u1.id }],
    });
    expect(conv.org_id).toBe(u1.orgId);
    const roles = Object.fromEntries(conv.participants.map((p) => [p.user_id, [p.role, p.user_type]]));
    expect(roles).toEqual({
      [u1.id]: ['owner', 'user'],
      [u2.id]: ['member', 'user'],
      'assistant:helper': ['member', 'agent'],
    });
  });

  it('refuses missing credentials and forged tokens with 401', async () => {
    expect(refusalOf(await req('POST', '/api/conversations', undefined, { type: 'group', name: 'G' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(
      refusalOf(
        await req(
          'POST',
          '/api/conversations',
          undefined,
          { type: 'group', name: 'G' },
          { authorization: 'Bearer abc.def.ghi' },
        ),
      ),
    ).toEqual({ status: 401, code: 'invalid_token' });
    expect(
      refusalOf(
        await req(
          'POST',
          '/api/conversations',
          undefined,
          { type: 'group', name: 'G' },
          { 'x-service-id': 'assistants', 'x-org-id': u1.orgId },
        ),
      ),
    ).toEqual({ status: 401, code: 'authentication_required' });
  });

  it('answers 403 for an org the caller does not belong to, in the body or X-Org-Id (scenario 2)', async () => {
    expect(
      refusalOf(await req('POST', '/api/conversations', u1, { type: 'group', name: 'G', orgId: outsider.orgId })),
    ).toEqual({ status: 403, code: 'not_org_member' });
    expect(
      refusalOf(
        await req('POST', '/api/conversations', u1, { type: 'group', name: 'G' }, { 'x-org-id': outsider.orgId }),
      ),
    ).toEqual({ status: 403, code: 'not_org_member' });
  });

  it('rejects malformed input with 400 naming the field', async () => {
    const noName = await req('POST', '/api/conversations', u1, { type: 'group' });
    expect(refusalOf(noName)).toEqual({ status: 400, code: 'validation_failed' });
    expect(noName.json().error).toBe('Group conversations require a name');
    expect(fieldsOf(noName)).toEqual(['body.name']);
    const badType = await req('POST', '/api/conversations', u1, { type: 'x', name: 'G' });
    expect(refusalOf(badType)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(badType)).toEqual(['body.type']);
    expect(JSON.stringify(badType.json().details)).toContain('Invalid conversation type');
    expect(
      fieldsOf(
        await req('POST', '/api/conversations', u1, {
          type: 'group',
          name: 'G',
          participants: [{ userId: 'bad id!' }],
        }),
      ),
    ).toEqual(['body.participants.0.userId']);
    expect(
      refusalOf(await req('POST', '/api/conversations', u1, { type: 'group', name: 'G', createdBy: 'someone' })),
    ).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('limits private conversations to two participants (W9)', async () => {
    const res = await req('POST', '/api/conversations', u1, {
      type: 'private',
      participants: [{ userId: u2.id }, { userId: u3.id }],
    });
    expect(refusalOf(res)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(res)).toEqual(['body.participants']);
  });

  it('accepts an identity API key, acting as its creator', async () => {
    const key = await h.createApiKey(u1, u1.orgId, ['messaging:write']);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: { 'x-api-key': key },
      payload: { type: 'group', name: 'via key' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().created_by).toBe(u1.id);
  });

  it('never lets a user impersonate with X-As-User-Id, not even a super admin (DESIGN §6)', async () => {
    for (const who of [u1, h.admin]) {
      const res = await req('POST', '/api/conversations', who, { type: 'group', name: 'G' }, { 'x-as-user-id': u2.id });
      expect(refusalOf(res)).toEqual({ status: 403, code: 'impersonation_not_allowed' });
      expect(res.json().code).toBe('impersonation_not_allowed');
      expect(refusalOf(await req('GET', '/api/conversations', who, undefined, { 'x-as-user-id': u2.id }))).toEqual({
        status: 403,
        code: 'impersonation_not_allowed',
      });
    }
    // An agent token or an API key cannot either, and the bare header with no credential is a 401.
    const agent = await h.registerAgent(`agent:imp-${randomUUID().slice(0, 8)}`, u1.orgId);
    expect(refusalOf(await req('GET', '/api/conversations', agent, undefined, { 'x-as-user-id': u2.id }))).toEqual({
      status: 403,
      code: 'impersonation_not_allowed',
    });
    const key = await h.createApiKey(u1, u1.orgId, ['messaging:read']);
    expect(
      refusalOf(
        await req('GET', '/api/conversations', undefined, undefined, { 'x-api-key': key, 'x-as-user-id': u2.id }),
      ),
    ).toEqual({ status: 403, code: 'impersonation_not_allowed' });
    expect((await req('GET', '/api/conversations', undefined, undefined, { 'x-as-user-id': u2.id })).statusCode).toBe(
      401,
    );
  });

  it('lets a service token holding cap:impersonate act as the user, confined to the caller org, and audits it (W4)', async () => {
    for (const serviceId of ['assistants', 'integrations']) {
      const service = await h.serviceSession(serviceId);
      const acting = await req(
        'POST',
        '/api/conversations',
        service,
        { type: 'group', name: `As U2 via ${serviceId}` },
        { 'x-as-user-id': u2.id },
      );
      expect(acting.statusCode, acting.body).toBe(201);
      expect(acting.json().created_by).toBe(u2.id);
      expect(acting.json().participants).toEqual([
        expect.objectContaining({ user_id: u2.id, role: 'owner', user_type: 'user' }),
      ]);
      const listed = (await req('GET', '/api/conversations', service, undefined, { 'x-as-user-id': u2.id })).json() as {
        id: string;
      }[];
      expect(listed.map((c) => c.id)).toContain(acting.json().id);
      // The service's own token still cannot act in conversations without naming a user.
      expect((await req('GET', '/api/conversations', service)).json().code).toBe('service_principal_not_allowed');
      const audited = h.logs
        .entries()
        .filter((l) => l.audit === 'impersonation' && l.callerId === serviceId && l.outcome === 'allowed');
      expect(audited[0]).toMatchObject({
        callerType: 'service',
        asUserId: u2.id,
        method: 'POST',
        route: '/api/conversations',
      });
    }
    const assistants = await h.serviceSession('assistants');
    // The acting principal has only the caller's active org and no rights of its own: O1 stays out of reach.
    expect(
      refusalOf(
        await req(
          'POST',
          '/api/conversations',
          assistants,
          { type: 'group', name: 'X', orgId: u1.orgId },
          { 'x-as-user-id': u2.id },
        ),
      ),
    ).toEqual({ status: 403, code: 'not_org_member' });
    expect(
      fieldsOf(await req('GET', '/api/conversations', assistants, undefined, { 'x-as-user-id': 'bad id!' })),
    ).toEqual(['headers.x-as-user-id']);
  });

  it('refuses X-As-User-Id from a service token without cap:impersonate (403), and audits the refusal', async () => {
    for (const serviceId of ['messaging', 'logging', 'catalog']) {
      const service = await h.serviceSession(serviceId);
      const res = await req(
        'POST',
        '/api/conversations',
        service,
        { type: 'group', name: 'G' },
        { 'x-as-user-id': u2.id },
      );
      expect(refusalOf(res)).toEqual({ status: 403, code: 'impersonation_not_allowed' });
      expect(res.json().code).toBe('impersonation_not_allowed');
    }
    const refused = h.logs.entries().filter((l) => l.audit === 'impersonation' && l.outcome === 'refused');
    expect(refused.map((l) => l.callerId)).toEqual(
      expect.arrayContaining(['messaging', 'logging', 'catalog', u1.id, h.admin.id]),
    );
  });
});

describe('GET /api/conversations', () => {
  it('lists only the caller conversations, and never another org (two users in different orgs)', async () => {
    const mine = await createGroup(u1);
    const theirs = await createGroup(outsider);
    const listed = (await req('GET', '/api/conversations', u1)).json() as { id: string }[];
    expect(listed.map((c) => c.id)).toContain(mine.id);
    expect(listed.map((c) => c.id)).not.toContain(theirs.id);
    const other = (await req('GET', '/api/conversations', outsider)).json() as { id: string; org_id: string }[];
    expect(other.map((c) => c.id)).toEqual([theirs.id]);
    expect(
      (await req('GET', `/api/conversations?orgId=${u1.orgId}`, u1)).json().map((c: { id: string }) => c.id),
    ).toContain(mine.id);
  });

  it('answers 401 without credentials, 403 for another org filter, 400 for a bad limit', async () => {
    expect(refusalOf(await req('GET', '/api/conversations'))).toEqual({ status: 401, code: 'authentication_required' });
    expect((await req('GET', '/api/conversations', u1, undefined, { 'x-org-id': outsider.orgId })).statusCode).toBe(
      403,
    );
    expect(fieldsOf(await req('GET', '/api/conversations?limit=0', u1))).toEqual(['querystring.limit']);
  });
});

describe('GET /api/conversations/:id', () => {
  it('shows a participant the conversation with its participants', async () => {
    const conv = await createGroup(u1, { participants: [{ userId: u2.id }] });
    const res = await req('GET', `/api/conversations/${conv.id}`, u2);
    expect(res.statusCode).toBe(200);
    expect(res.json().participants).toHaveLength(2);
    expect(res.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
  });

  it('answers 403 to a same-org non-participant, 404 to another org and unknown ids, 401 and 400 (scenario 3)', async () => {
    const conv = await createGroup(u1);
    expect(refusalOf(await req('GET', `/api/conversations/${conv.id}`, u3))).toEqual({
      status: 403,
      code: 'not_a_participant',
    });
    const foreign = await req('GET', `/api/conversations/${conv.id}`, outsider);
    expect(refusalOf(foreign)).toEqual({ status: 404, code: 'conversation_not_found' });
    expect(foreign.body).not.toContain(conv.id);
    expect(refusalOf(await req('GET', `/api/conversations/${randomUUID()}`, u1))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });
    expect(refusalOf(await req('GET', `/api/conversations/${conv.id}`))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(fieldsOf(await req('GET', '/api/conversations/not-a-uuid', u1))).toEqual(['params.id']);
  });
});

describe('PATCH /api/conversations/:id', () => {
  it('lets managers rename and refuses members (scenario 11)', async () => {
    const conv = await createGroup(u1, { participants: [{ userId: u2.id }] });
    expect(refusalOf(await req('PATCH', `/api/conversations/${conv.id}`, u2, { name: 'X' }))).toEqual({
      status: 403,
      code: 'not_a_conversation_manager',
    });
    const res = await req('PATCH', `/api/conversations/${conv.id}`, u1, { name: 'Renamed', metadata: { a: 1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Renamed', metadata: { a: 1 } });
  });

  it('answers 404 to another org, 401 without credentials, 400 naming bad fields', async () => {
    const conv = await createGroup(u1);
    expect(refusalOf(await req('PATCH', `/api/conversations/${conv.id}`, outsider, { name: 'X' }))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });
    expect(refusalOf(await req('PATCH', `/api/conversations/${conv.id}`, undefined, { name: 'X' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(fieldsOf(await req('PATCH', `/api/conversations/${conv.id}`, u1, { name: '' }))).toEqual(['body.name']);
    expect(fieldsOf(await req('PATCH', `/api/conversations/${conv.id}`, u1, { name: null }))).toEqual(['body.name']);
  });
});

describe('POST /api/conversations/:id/join and /leave', () => {
  it('refuses self-service joins of private conversations (scenario 12)', async () => {
    const res = await req('POST', '/api/conversations', u1, { type: 'private', participants: [{ userId: u2.id }] });
    const join = await req('POST', `/api/conversations/${res.json().id}/join`, u3);
    expect(refusalOf(join)).toEqual({ status: 400, code: 'private_conversation' });
    expect(join.json().error).toBe('Cannot join a private conversation');
  });

  it('joins a group of the own org as member, and re-joining never changes a role (W9)', async () => {
    const conv = await createGroup(u1);
    const join = await req('POST', `/api/conversations/${conv.id}/join`, u3);
    expect(join.statusCode).toBe(201);
    expect(join.json().role).toBe('member');
    expect((await req('POST', `/api/conversations/${conv.id}/join`, u3)).statusCode).toBe(200);
    const owner = await req('POST', `/api/conversations/${conv.id}/join`, u1);
    expect(owner.statusCode).toBe(200);
    expect(owner.json().role).toBe('owner');
  });

  it('lets members leave, refuses the owner (scenario 11), and hides other orgs', async () => {
    const conv = await createGroup(u1, { participants: [{ userId: u2.id }] });
    expect(refusalOf(await req('POST', `/api/conversations/${conv.id}/leave`, u1))).toEqual({
      status: 400,
      code: 'owner_cannot_leave',
    });
    expect((await req('POST', `/api/conversations/${conv.id}/leave`, u2)).statusCode).toBe(204);
    expect(refusalOf(await req('POST', `/api/conversations/${conv.id}/leave`, u2))).toEqual({
      status: 403,
      code: 'not_a_participant',
    });
    expect(refusalOf(await req('POST', `/api/conversations/${conv.id}/join`, outsider))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });
    expect(refusalOf(await req('POST', `/api/conversations/${conv.id}/leave`, outsider))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });
    expect(refusalOf(await req('POST', `/api/conversations/${conv.id}/join`))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(fieldsOf(await req('POST', '/api/conversations/123/join', u1))).toEqual(['params.id']);
  });
});

describe('POST/DELETE /api/conversations/:id/participants', () => {
  it('lets managers add and remove members; members cannot', async () => {
    const conv = await createGroup(u1, { participants: [{ userId: u2.id }] });
    expect((await req('POST', `/api/conversations/${conv.id}/participants`, u2, { userId: u3.id })).statusCode).toBe(
      403,
    );
    const added = await req('POST', `/api/conversations/${conv.id}/participants`, u1, { userId: u3.id, role: 'admin' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ user_id: u3.id, role: 'admin', user_type: 'user' });
    const again = await req('POST', `/api/conversations/${conv.id}/participants`, u1, { userId: u3.id });
    expect(again.statusCode).toBe(200);
    expect(again.json().role).toBe('admin');
    expect(refusalOf(await req('DELETE', `/api/conversations/${conv.id}/participants/${u3.id}`, u2))).toEqual({
      status: 403,
      code: 'not_a_conversation_manager',
    });
    expect((await req('DELETE', `/api/conversations/${conv.id}/participants/${u2.id}`, u1)).statusCode).toBe(204);
    expect(refusalOf(await req('DELETE', `/api/conversations/${conv.id}/participants/${u1.id}`, u3))).toEqual({
      status: 400,
      code: 'cannot_remove_owner',
    });
    expect(refusalOf(await req('DELETE', `/api/conversations/${conv.id}/participants/nobody`, u1))).toEqual({
      status: 404,
      code: 'participant_not_found',
    });
  });

  it('keeps private conversations to two participants (W9)', async () => {
    const conv = (
      await req('POST', '/api/conversations', u1, { type: 'private', participants: [{ userId: u2.id }] })
    ).json();
    const third = await req('POST', `/api/conversations/${conv.id}/participants`, u1, { userId: u3.id });
    expect(refusalOf(third)).toEqual({ status: 409, code: 'private_conversation_full' });
  });

  it('answers 404 to another org, 401 without credentials, 400 naming bad fields', async () => {
    const conv = await createGroup(u1);
    expect(
      refusalOf(await req('POST', `/api/conversations/${conv.id}/participants`, outsider, { userId: outsider.id })),
    ).toEqual({ status: 404, code: 'conversation_not_found' });
    expect(refusalOf(await req('DELETE', `/api/conversations/${conv.id}/participants/${u1.id}`, outsider))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });
    expect(
      refusalOf(await req('POST', `/api/conversations/${conv.id}/participants`, undefined, { userId: u2.id })),
    ).toEqual({ status: 401, code: 'authentication_required' });
    expect(fieldsOf(await req('POST', `/api/conversations/${conv.id}/participants`, u1, {}))).toEqual(['body.userId']);
    expect(
      fieldsOf(await req('POST', `/api/conversations/${conv.id}/participants`, u1, { userId: u2.id, role: 'owner' })),
    ).toEqual(['body.role']);
  });
});

describe('DELETE /api/conversations/:id', () => {
  it('lets only the owner delete; afterwards the conversation and its messages are gone (scenario 11)', async () => {
    const conv = await createGroup(u1, { participants: [{ userId: u2.id }] });
    expect((await req('POST', `/api/conversations/${conv.id}/messages`, u2, { content: 'hi' })).statusCode).toBe(201);
    expect(refusalOf(await req('DELETE', `/api/conversations/${conv.id}`, u2))).toEqual({
      status: 403,
      code: 'not_the_owner',
    });
    expect(refusalOf(await req('DELETE', `/api/conversations/${conv.id}`, outsider))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });
    expect(refusalOf(await req('DELETE', `/api/conversations/${conv.id}`))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(fieldsOf(await req('DELETE', '/api/conversations/nope', u1))).toEqual(['params.id']);
    expect((await req('DELETE', `/api/conversations/${conv.id}`, u1)).statusCode).toBe(204);
    expect(refusalOf(await req('GET', `/api/conversations/${conv.id}`, u1))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });
    expect(refusalOf(await req('GET', `/api/conversations/${conv.id}/messages`, u2))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });
    // W17: the rows stay for the audit trail.
    const kept = await h.database.pool.query('select deleted_at from messaging.conversations where id = $1', [conv.id]);
    expect(kept.rows[0].deleted_at).not.toBeNull();
  });
});
