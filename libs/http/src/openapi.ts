import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';

export const OPENAPI_PATH = 'api/docs';

export interface OpenApiOptions {
  title: string;
  description: string;
  /** Completes the document on each request (the gateway adds the routes it forwards). */
  complete?: (document: OpenAPIObject) => Promise<OpenAPIObject>;
}

/** A service's OpenAPI document at /api/docs-json and Swagger UI at /api/docs; the error body is the spec's. */
export function serveOpenApi(app: NestExpressApplication, options: OpenApiOptions): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(`${options.description} Every error uses \`{ "error": { "code", "message", "details" } }\`.`)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const { complete } = options;
  SwaggerModule.setup(OPENAPI_PATH, app, SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: `${OPENAPI_PATH}-json`,
    patchDocumentOnRequest: complete ? (_request, _response, document) => complete(document) : undefined,
  });
}
