package io.gitops.kit.git;

import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Answers JGit's username/password questions for one operation from {@link GitCredentials}, revealing the secret only
 * when JGit asks (so a file or token source is read on each use). A secret that cannot be read is remembered, and
 * JGit is told there are no credentials, so the operation ends and {@link #failure()} says why.
 */
final class JGitCredentials extends CredentialsProvider {

    private final String username;
    private final GitSecret secret;
    private volatile RuntimeException failure;

    private JGitCredentials(String username, GitSecret secret) {
        this.username = username;
        this.secret = secret;
    }

    /** A provider for one operation, or null for {@link GitCredentials.None} (JGit then sends none). */
    static JGitCredentials of(GitCredentials credentials) {
        if (credentials.secret().isEmpty()) {
            return null;
        }
        return new JGitCredentials(credentials.username().orElseThrow(), credentials.secret().get());
    }

    /** Why the secret could not be read during the operation, or null. */
    static RuntimeException failureOf(JGitCredentials provider) {
        return provider == null ? null : provider.failure;
    }

    @Override
    public boolean isInteractive() {
        return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
        for (CredentialItem item : items) {
            if (!(item instanceof CredentialItem.Username) && !(item instanceof CredentialItem.Password)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        for (CredentialItem item : items) {
            if (item instanceof CredentialItem.Username user) {
                user.setValue(username);
            } else if (item instanceof CredentialItem.Password password) {
                try {
                    password.setValue(secret.reveal().toCharArray());
                } catch (RuntimeException e) {
                    failure = e;
                    return false;
                }
            } else {
                throw new UnsupportedCredentialItem(uri, item.getClass().getSimpleName() + ":" + item.getPromptText());
            }
        }
        return true;
    }

    @Override
    public void reset(URIish uri) {
        secret.invalidate();
    }
}
