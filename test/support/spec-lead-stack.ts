import { leadRecord } from './fixtures';
import { call } from './http';
import { TestStack } from './stack';

/**
 * Starts the gateway and the recommender and stores the spec's lead LD-2048 (owned by rep-17, tenant acme) through the
 * CRM's API; answers the tokens of its owner and of a sales manager of the tenant.
 */
export async function startWithSpecLead(stack: TestStack): Promise<{ rep: string; manager: string }> {
  await stack.start(['gateway', 'recommender']);
  const crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  const stored = await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-2048', { token: crm, body: leadRecord() });
  if (stored.status !== 201) throw new Error(`the lead was not stored: ${stored.status}`);
  return {
    rep: stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] }),
    manager: stack.token({ sub: 'manager-1', tenant: 'acme', roles: ['sales_manager'] }),
  };
}
