import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { FORWARDED_ROUTES, ForwardedService, forwardedServiceUrls } from './forwarded-routes';

type Schemas = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;
const SCHEMA_REF = /"#\/components\/schemas\/([^"]+)"/g;

/** `/a/:id/b` → `/a/{id}/b` */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_]+)/g, '{$1}');
}

/** The named schemas and every schema they reference, transitively. */
function referencedSchemas(start: unknown, schemas: Schemas): Schemas {
  const found: Schemas = {};
  const pending = [JSON.stringify(start)];
  while (pending.length > 0) {
    for (const [, name] of pending.pop()!.matchAll(SCHEMA_REF)) {
      if (name in found || !(name in schemas)) continue;
      found[name] = schemas[name];
      pending.push(JSON.stringify(schemas[name]));
    }
  }
  return found;
}

/**
 * The gateway's document plus the operations of the route table that `service` owns, as the service's own
 * document describes them, with the schemas they use. A schema whose name the gateway already uses for a
 * different shape is renamed with the service's name.
 */
export function withServiceOperations(document: OpenAPIObject, service: ForwardedService, serviceDocument: OpenAPIObject): OpenAPIObject {
  const operations: Record<string, Record<string, unknown>> = {};
  for (const route of FORWARDED_ROUTES.filter((candidate) => candidate.service === service)) {
    const path = openApiPath(route.path);
    const operation = serviceDocument.paths[path]?.[route.method.toLowerCase() as 'get' | 'post' | 'put'];
    if (operation) operations[path] = { ...operations[path], [route.method.toLowerCase()]: operation };
  }
  const ownSchemas: Schemas = document.components?.schemas ?? {};
  const used = referencedSchemas(operations, serviceDocument.components?.schemas ?? {});
  const renamed = new Map<string, string>();
  for (const [name, schema] of Object.entries(used)) {
    if (name in ownSchemas && JSON.stringify(ownSchemas[name]) !== JSON.stringify(schema)) {
      renamed.set(name, `${service[0].toUpperCase()}${service.slice(1)}${name}`);
    }
  }
  const rename = <T>(value: T): T =>
    JSON.parse(
      JSON.stringify(value).replace(SCHEMA_REF, (whole, name: string) =>
        renamed.has(name) ? `"#/components/schemas/${renamed.get(name)}"` : whole,
      ),
    );
  const addedSchemas = Object.fromEntries(Object.entries(used).map(([name, schema]) => [renamed.get(name) ?? name, rename(schema)]));
  const paths = { ...document.paths };
  for (const [path, item] of Object.entries(rename(operations))) paths[path] = { ...paths[path], ...item };
  return {
    ...document,
    paths,
    components: { ...document.components, schemas: { ...ownSchemas, ...addedSchemas } },
  };
}

/**
 * The forwarded routes in the gateway's OpenAPI document, described by the services that own them: each
 * service's document is fetched once it answers and kept. While a service cannot be reached, its routes are
 * missing from the document (and listed in `x-undocumented-services`), but they are still forwarded.
 */
@Injectable()
export class ForwardedOpenApi {
  private readonly documents = new Map<ForwardedService, OpenAPIObject>();
  private readonly serviceUrls: Record<ForwardedService, string>;

  constructor(
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ForwardedOpenApi.name);
    this.serviceUrls = forwardedServiceUrls(environment);
  }

  async complete(document: OpenAPIObject): Promise<OpenAPIObject> {
    let result = document;
    const missing: ForwardedService[] = [];
    for (const service of Object.keys(this.serviceUrls) as ForwardedService[]) {
      const serviceDocument = this.documents.get(service) ?? (await this.fetch(service));
      if (serviceDocument) result = withServiceOperations(result, service, serviceDocument);
      else missing.push(service);
    }
    return missing.length > 0 ? ({ ...result, 'x-undocumented-services': missing } as OpenAPIObject) : result;
  }

  private async fetch(service: ForwardedService): Promise<OpenAPIObject | undefined> {
    try {
      const response = await fetch(new URL('/api/docs-json', this.serviceUrls[service]), {
        redirect: 'manual',
        signal: AbortSignal.timeout(this.environment.FORWARD_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const document = (await response.json()) as OpenAPIObject;
      this.documents.set(service, document);
      return document;
    } catch (error) {
      this.logger.warn({ service, error_name: (error as Error).name }, 'OpenAPI document of a forwarded service not available yet');
      return undefined;
    }
  }
}
