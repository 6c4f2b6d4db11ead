// har-schema ships JSON Schemas for HAR 1.2 without type declarations.
declare module 'har-schema' {
  const schemas: Record<string, object>;
  export default schemas;
}
