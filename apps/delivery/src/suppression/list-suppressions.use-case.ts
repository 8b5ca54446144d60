import { Injectable } from '@nestjs/common';
import { normaliseAddress } from './suppression-address';
import { SuppressionQueryDto } from './suppression.dto';
import { Suppression, SuppressionRepository } from './suppression.repository';

export interface SuppressionPage {
  items: Suppression[];
  page: number;
  page_size: number;
  total: number;
}

@Injectable()
export class ListSuppressionsUseCase {
  constructor(private readonly suppressions: SuppressionRepository) {}

  /** An address filter is compared in its normalised form (per channel when one is given); one that is no address finds nothing. */
  async execute(tenant: string, query: SuppressionQueryDto): Promise<SuppressionPage> {
    const { page, page_size } = query;
    let address: string | undefined;
    if (query.address) {
      address = normaliseAddress(query.channel ?? (query.address.includes('@') ? 'email' : 'sms'), query.address);
      if (!address) return { items: [], page, page_size, total: 0 };
    }
    const filter = { channel: query.channel, address, source: query.source, active: query.active };
    const { items, total } = await this.suppressions.list(tenant, filter, (page - 1) * page_size, page_size);
    return { items, page, page_size, total };
  }
}
