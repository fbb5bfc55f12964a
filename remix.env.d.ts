/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />
/// <reference path="./app/server/context.ts" />

declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
