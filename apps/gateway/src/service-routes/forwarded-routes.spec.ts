import { FollowupError } from '@followup/contracts';
import { findForwardedRoute, forwardTarget } from './forwarded-routes';
import { openApiPath, withServiceOperations } from './forwarded-openapi';

const timeline = findForwardedRoute('GET', '/api/v1/audit/recommendations/:id/timeline')!;
const events = findForwardedRoute('GET', '/api/v1/audit/events')!;

describe('forwardTarget', () => {
  it("builds the target from the configured origin and the route's pattern only", () => {
    const target = forwardTarget(timeline, 'http://audit.internal:3004/ignored/base', { id: 'a1b2-c3' }, { limit: '5' });
    expect(target.href).toBe('http://audit.internal:3004/api/v1/audit/recommendations/a1b2-c3/timeline?limit=5');
  });

  it('re-encodes the parsed query, repeated parameters included', () => {
    const target = forwardTarget(events, 'http://127.0.0.1:3004', {}, { lead_id: 'LD 1&x=2', action: ['a', 'b'] });
    expect(target.search).toBe('?lead_id=LD+1%26x%3D2&action=a&action=b');
  });

  it.each(['..', '.', '.hidden', 'a/../b', 'a\\b', '%2e%2e', 'a?b', 'a#b', ''])('refuses the parameter %j', (id) => {
    expect(() => forwardTarget(timeline, 'http://127.0.0.1:3004', { id }, {})).toThrow(FollowupError);
  });

  it('knows only the table: other methods and paths have no route', () => {
    expect(findForwardedRoute('DELETE', '/api/v1/audit/events')).toBeUndefined();
    expect(findForwardedRoute('GET', '/api/v1/audit/anything')).toBeUndefined();
  });
});

describe('withServiceOperations', () => {
  const gatewayDocument = {
    openapi: '3.0.0',
    info: { title: 'gateway', version: '1' },
    paths: { '/api/v1/leads/{lead_id}': { get: { responses: {} } } },
    components: { schemas: { FindingDto: { type: 'object', properties: { kind: { type: 'string' } } } } },
  };
  const auditDocument = {
    openapi: '3.0.0',
    info: { title: 'audit', version: '1' },
    paths: {
      '/api/v1/audit/events': {
        get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/PageDto' } } } } } },
      },
      '/api/v1/audit/internal': { get: { responses: {} } },
    },
    components: {
      schemas: {
        PageDto: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/FindingDto' } } } },
        FindingDto: { type: 'object', properties: { start: { type: 'number' } } },
        Unused: { type: 'string' },
      },
    },
  };

  it("adds only the table's operations of that service, with the schemas they reference, renaming a clash", () => {
    const merged = withServiceOperations(gatewayDocument as never, 'audit', auditDocument as never);
    expect(Object.keys(merged.paths).sort()).toEqual(['/api/v1/audit/events', '/api/v1/leads/{lead_id}']);
    expect(Object.keys(merged.components!.schemas!).sort()).toEqual(['AuditFindingDto', 'FindingDto', 'PageDto']);
    expect(merged.components!.schemas!.PageDto).toEqual({
      type: 'object',
      properties: { items: { type: 'array', items: { $ref: '#/components/schemas/AuditFindingDto' } } },
    });
    expect(merged.components!.schemas!.FindingDto).toEqual({ type: 'object', properties: { kind: { type: 'string' } } });
  });

  it('writes Express parameters the OpenAPI way', () => {
    expect(openApiPath('/api/v1/compliance/escalations/:escalation_id/resolve')).toBe(
      '/api/v1/compliance/escalations/{escalation_id}/resolve',
    );
  });
});
