import { Form, Link, useLocation } from "@remix-run/react";
import { currentLink, type NavLink, type StaffOrganisation } from "~/organisations/workspace";

export type HeaderUser = { name: string; email: string; isAdmin: boolean } | null;
export type HeaderWorkspace = {
  current: StaffOrganisation | null;
  switchable: boolean;
  links: NavLink[];
} | null;

const NHS_LOGO_PATH =
  "M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z";

export const SERVICE_NAME = "Mentor training for doctors";

export function SiteHeader({ user, workspace }: { user: HeaderUser; workspace: HeaderWorkspace }) {
  const { pathname } = useLocation();
  const links = workspace?.links ?? [];
  const active = currentLink(links, pathname);
  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <Link className="nhsuk-header__service-logo" to="/" aria-label={`${SERVICE_NAME} homepage`}>
            <svg
              className="nhsuk-header__logo"
              xmlns="http://www.w3.org/2000/svg"
              viewBox="0 0 200 80"
              height="40"
              width="100"
              focusable="false"
              role="img"
              aria-label="NHS"
            >
              <title>NHS</title>
              <path fill="currentcolor" d={NHS_LOGO_PATH} />
            </svg>
            <span className="nhsuk-header__service-name">{SERVICE_NAME}</span>
          </Link>
        </div>
        <nav className="nhsuk-header__account" aria-label="Account">
          <ul className="nhsuk-header__account-list">
            {user ? (
              <>
                <li className="nhsuk-header__account-item">
                  <Link className="nhsuk-header__account-link" to="/account">
                    {user.name}
                  </Link>
                </li>
                <li className="nhsuk-header__account-item">
                  <Form className="nhsuk-header__account-form" action="/sign-out" method="post">
                    <button className="nhsuk-header__account-button" type="submit">
                      Sign out
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <>
                <li className="nhsuk-header__account-item">
                  <Link className="nhsuk-header__account-link" to="/sign-in">
                    Sign in
                  </Link>
                </li>
                <li className="nhsuk-header__account-item">
                  <Link className="nhsuk-header__account-link" to="/register">
                    Create an account
                  </Link>
                </li>
              </>
            )}
          </ul>
        </nav>
      </div>
      {user ? (
        <nav className="nhsuk-header__navigation" aria-label="Menu">
          <div className="nhsuk-header__navigation-container nhsuk-width-container">
            <ul className="nhsuk-header__navigation-list">
              {links.map((l) => (
                <NavItem key={l.to} to={l.to} current={l.to === active}>
                  {l.label}
                </NavItem>
              ))}
            </ul>
          </div>
        </nav>
      ) : null}
      {workspace?.current ? (
        <div className="app-workspace-bar">
          <div className="nhsuk-width-container">
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
              Working for <strong>{workspace.current.name}</strong>
              {workspace.switchable ? (
                <>
                  {" "}
                  · <Link to="/org">Change organisation</Link>
                </>
              ) : null}
            </p>
          </div>
        </div>
      ) : null}
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="nhsuk-footer" role="contentinfo">
      <div className="nhsuk-width-container">
        <div className="nhsuk-footer__meta">
          <h2 className="nhsuk-u-visually-hidden">Support links</h2>
          <ul className="nhsuk-footer__list">
            <li className="nhsuk-footer__list-item">
              <Link className="nhsuk-footer__list-item-link" to="/">
                Home
              </Link>
            </li>
            <li className="nhsuk-footer__list-item">
              <Link className="nhsuk-footer__list-item-link" to="/courses">
                Courses
              </Link>
            </li>
            <li className="nhsuk-footer__list-item">
              <Link className="nhsuk-footer__list-item-link" to="/verify">
                Verify a certificate
              </Link>
            </li>
          </ul>
          <p className="nhsuk-body-s">
            Mentor training for doctors. Based on BMA guidance, Mentoring for doctors.
          </p>
        </div>
      </div>
    </footer>
  );
}

function NavItem({ to, current, children }: { to: string; current: boolean; children: string }) {
  return (
    <li className="nhsuk-header__navigation-item">
      <Link className="nhsuk-header__navigation-link" to={to} aria-current={current ? "page" : undefined}>
        {children}
      </Link>
    </li>
  );
}
