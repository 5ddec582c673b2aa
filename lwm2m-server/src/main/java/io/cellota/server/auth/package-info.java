/**
 * Who may use the server: users with a role (admin, operator, viewer) and Argon2id password hashes, API tokens
 * for integrations (each with a role, stored hashed), console sessions with idle and absolute expiry, and the
 * rule that maps an HTTP method and path to the role it needs. Persistence is JDBC over
 * {@link io.cellota.server.store.Database} ({@code V6__users_and_tokens.sql}); no web framework is imported here,
 * the REST layer applies these decisions. docs/console.md explains the choices.
 */
package io.cellota.server.auth;
