import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession } from "~/auth/accounts.server";
import { lucia } from "~/auth/lucia.server";

// sign-out is a POST: a GET never changes state
export async function loader() {
  throw redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  const cookie = context.session
    ? await endSession(context.session.id)
    : lucia.createBlankSessionCookie().serialize();
  throw redirect("/sign-in?done=signed-out", { headers: { "Set-Cookie": cookie } });
}
