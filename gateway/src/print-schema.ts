import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { writeFileSync } from 'node:fs';
import { SCHEMA_FILE } from './app.module';
import { RESOLVERS } from './resolvers';

/** Prints the published schema; with --write, refreshes schema.graphql (checked in). */
async function main(): Promise<void> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  const schema = await app.get(GraphQLSchemaFactory).create([...RESOLVERS]);
  await app.close();
  const text = `${printSchema(lexicographicSortSchema(schema))}\n`;
  if (process.argv.includes('--write')) writeFileSync(SCHEMA_FILE, text);
  else process.stdout.write(text);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
