import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { SiteFooter, SiteHeader, SERVICE_NAME } from "./components/layout";
import appCss from "./styles/app.css";
import { useNonce } from "./utils/nonce";
import { headerLinks } from "./organisations/workspace";
import { workspaceFor } from "./organisations/workspace.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/nhsuk/nhsuk-frontend.min.css" },
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/nhsuk/assets/images/favicon.ico", sizes: "48x48" },
  { rel: "icon", href: "/nhsuk/assets/images/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: SERVICE_NAME }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return [{ title: `${describe(status).title} - ${SERVICE_NAME}` }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = context.user;
  if (!user) return { user: null, workspace: null };
  const { orgs, current, isTrainee } = await workspaceFor(user, request);
  return {
    user: { name: user.name, email: user.email, isAdmin: user.isAdmin },
    workspace: {
      current,
      switchable: orgs.length > 1,
      links: headerLinks(current, user.isAdmin, isTrainee),
    },
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#005eb8" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="nhsuk-skip-link" href="#maincontent">
          Skip to main content
        </a>
        <SiteHeader user={data?.user ?? null} workspace={data?.workspace ?? null} />
        <div className="nhsuk-width-container">
          <main className="nhsuk-main-wrapper" id="maincontent" role="main">
            {children}
          </main>
        </div>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useFocusOnNewPage();
  useErrorTitle();
  return <Outlet />;
}

/**
 * a page showing an error summary (a form sent back with errors) has a title that starts
 * "Error: ", as the nhs.uk design system asks, so a screen reader hears it first. meta
 * functions only see loader data, so the title is set here once the page has settled.
 */
function useErrorTitle() {
  const navigation = useNavigation();
  const added = useRef(false);
  useEffect(() => {
    if (navigation.state !== "idle") return;
    const hasErrors =
      document.querySelector("#maincontent .nhsuk-error-summary, #maincontent .nhsuk-error-message") !== null;
    const title = document.title;
    if (hasErrors && !title.startsWith("Error: ")) {
      document.title = `Error: ${title}`;
      added.current = true;
    } else if (!hasErrors && added.current && title.startsWith("Error: ")) {
      document.title = title.slice("Error: ".length);
      added.current = false;
    }
  });
}

/**
 * after a client-side move to another page (a link, or a form that redirects), focus the new
 * page's heading, as a full page load would put a screen reader at the top: otherwise focus
 * stays on the button that was pressed, which is no longer there. same-page updates (a role-
 * play reply) manage their own focus.
 */
function useFocusOnNewPage() {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const heading = document.querySelector<HTMLElement>("#maincontent h1");
    if (!heading || heading.contains(document.activeElement)) return;
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }, [pathname]);
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // a route that throws data({ message }) says what was wrong in its own words
  const message =
    isRouteErrorResponse(error) && typeof (error.data as { message?: unknown } | null)?.message === "string"
      ? (error.data as { message: string }).message
      : null;
  return <ErrorPage status={status} message={message} />;
}

export function ErrorPage({ status, message = null }: { status: number; message?: string | null }) {
  const described = describe(status);
  const title = described.title;
  const body = message ? [message] : described.body;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{title}</h1>
        {body.map((p) => (
          <p key={p}>{p}</p>
        ))}
        <p>
          <a href="/">Go to the homepage</a>
        </p>
      </div>
    </div>
  );
}

function describe(status: number) {
  switch (status) {
    case 404:
      return {
        title: "Page not found",
        body: [
          "If you typed the web address, check it was correct.",
          "If you pasted the web address, check you copied the entire address.",
        ],
      };
    case 403:
      return {
        title: "You do not have permission to view this page",
        body: [
          "Your account does not have the role this page needs.",
          "If you think you should have access, ask your organisation's administrator.",
        ],
      };
    case 400:
      return {
        title: "There is a problem with your request",
        body: ["The page could not understand what was sent. Go back, check the page and try again."],
      };
    case 413:
      return {
        title: "What you sent is too large",
        body: ["Go back and send something smaller."],
      };
    case 503:
      return {
        title: "Changes cannot be saved at the moment",
        body: [
          "The service's storage is full or read-only, so nothing you sent was saved.",
          "Try again in a few minutes. Pages that only show information still work.",
        ],
      };
    case 429:
      return {
        title: "Too many requests",
        body: ["You have made too many requests in a short time. Wait a few minutes, then try again."],
      };
    default:
      return {
        title: "Sorry, there is a problem with the service",
        body: ["Try again later.", "If the problem continues, contact your organisation's administrator."],
      };
  }
}
