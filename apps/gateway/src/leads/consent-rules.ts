import { Channel, CHANNELS } from '@followup/contracts';
import { ChannelConsentDto, LeadContactsDto } from './lead.dto';

const CONTACT_FOR_CHANNEL: Record<Channel, keyof LeadContactsDto> = {
  sms: 'phone',
  phone_call: 'phone',
  email: 'email',
};

/** Channels the lead consented to but that have no contact detail to reach them on. */
export function consentedChannelsWithoutContact(consent: ChannelConsentDto, contacts: LeadContactsDto): Channel[] {
  return CHANNELS.filter((channel) => consent[channel] && !contacts[CONTACT_FOR_CHANNEL[channel]]);
}
