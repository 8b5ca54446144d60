import { ChannelAdapter, OutboundMessage, SendResult } from '../channels/channel-adapter';
import { SuppressionCheckedAdapter } from './suppression-checked-adapter';

const message: OutboundMessage = {
  tenant: 'acme',
  recommendation_id: '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f',
  lead_id: 'LD-1',
  owner_rep_id: 'rep-17',
  idempotency_key: '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f:sms',
  request_id: 'req-1',
  to: '+14155550123',
  first_name: 'Sarah',
  body: 'Hello',
};

function setup(suppressed: boolean, answer: SendResult) {
  const sent: OutboundMessage[] = [];
  const asked: unknown[][] = [];
  const optOuts: unknown[] = [];
  const inner: ChannelAdapter = {
    channel: 'sms',
    send: async (outbound) => {
      sent.push(outbound);
      return answer;
    },
  };
  const adapter = new SuppressionCheckedAdapter(
    inner,
    { isSuppressed: async (...args) => (asked.push(args), suppressed) },
    { execute: async (command) => void optOuts.push(command) },
  );
  return { adapter, sent, asked, optOuts };
}

describe('SuppressionCheckedAdapter', () => {
  it('refuses a suppressed address without calling the provider', async () => {
    const { adapter, sent, asked } = setup(true, { status: 'delivered' });
    expect(await adapter.send(message)).toEqual({ status: 'permanent_failure', error_code: 'SUPPRESSED' });
    expect(asked).toEqual([['acme', 'sms', '+14155550123']]);
    expect(sent).toHaveLength(0);
  });

  it('sends to an address that is not suppressed, and answers what the provider answered', async () => {
    const { adapter, sent, optOuts } = setup(false, { status: 'delivered', provider_message_id: 'SM1' });
    expect(await adapter.send(message)).toEqual({ status: 'delivered', provider_message_id: 'SM1' });
    expect(sent).toEqual([message]);
    expect(optOuts).toHaveLength(0);
  });

  it("records the provider's unsubscribed refusal (21610) as an opt-out of the number", async () => {
    const refusal: SendResult = { status: 'permanent_failure', error_code: 'SMS_RECIPIENT_OPTED_OUT', provider_status: 400 };
    const { adapter, optOuts } = setup(false, refusal);
    expect(await adapter.send(message)).toEqual(refusal);
    expect(optOuts).toEqual([{ tenant: 'acme', phone: '+14155550123', provider_error_code: '21610', request_id: 'req-1' }]);
  });
});
