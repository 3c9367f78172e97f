/** The token request body of an OAuth2 authorization-code grant with PKCE (RFC 6749 4.1.3, RFC 7636). */
export function authorizationCodeForm(client: { redirectUri: string; clientId: string; clientSecret: string }, code: string, codeVerifier: string): URLSearchParams {
	return new URLSearchParams({
		grant_type: "authorization_code",
		code,
		redirect_uri: client.redirectUri,
		client_id: client.clientId,
		client_secret: client.clientSecret,
		code_verifier: codeVerifier,
	});
}
