package dev.persona.auth.service;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import dev.persona.auth.config.AuthConfig;
import dev.persona.auth.domain.RefreshToken;
import dev.persona.auth.domain.User;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Accounts: signup, password and refresh-token grants, email verification. */
@ApplicationScoped
public class AccountService {
    private static final Logger LOG = Logger.getLogger(AccountService.class);
    /** Compared against when the account does not exist, so a miss costs as much time as a wrong password. */
    private static final String DUMMY_HASH = BcryptUtil.bcryptHash("not-a-real-password-0");

    @Inject
    AuthConfig config;

    @Inject
    PasswordPolicy policy;

    @Inject
    TokenIssuer tokens;

    @Inject
    LoginRateLimiter loginLimiter;

    @Inject
    SignupRateLimiter signupLimiter;

    @Inject
    VerificationMailer mailer;

    public static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** {@code clientAddress} is the rate-limit key of the caller (see ClientAddress). */
    public Uni<User> signup(String rawEmail, String password, String clientAddress) {
        // Before the policy check and bcrypt, so a refused burst costs no hashing and stores nothing.
        signupLimiter.acquire(clientAddress);
        String email = normalise(rawEmail);
        policy.check(email, password);
        String verification = Hashes.newSecret();
        return offload(() -> BcryptUtil.bcryptHash(password)).flatMap(hash -> {
            User user = new User();
            user.id = UUID.randomUUID().toString();
            user.email = email;
            user.passwordHash = hash;
            user.emailVerified = false;
            user.verificationTokenHash = Hashes.sha256(verification);
            user.verificationExpiresAt = Instant.now().plus(config.verificationTtl());
            user.createdAt = Instant.now();
            return user.<User>persist();
        }).onFailure(AccountService::isDuplicateKey).transform(e -> ApiException.conflict(ErrorCodes.EMAIL_TAKEN,
                "An account with this email already exists."))
                .call(user -> mailer.send(user.email, verification)
                        .onFailure().invoke(e -> LOG.warnf(e, "Could not send the verification mail to %s", email))
                        .onFailure().recoverWithNull());
    }

    public Uni<TokenIssuer.TokenPair> passwordGrant(String rawEmail, String password, String clientAddress) {
        String email = normalise(rawEmail);
        loginLimiter.acquire(email, clientAddress);
        return User.findByEmail(email)
                .flatMap(user -> offload(() -> BcryptUtil.matches(password, user == null ? DUMMY_HASH : user.passwordHash))
                        .flatMap(matches -> {
                            if (user == null || !matches) {
                                loginLimiter.recordFailure(email);
                                return Uni.createFrom().failure(invalidCredentials());
                            }
                            return tokens.issue(user);
                        }));
    }

    public Uni<TokenIssuer.TokenPair> refreshGrant(String refreshToken) {
        Instant now = Instant.now();
        // Marking the token used in the same atomic step that finds it means a token is redeemed once, even under races.
        return RefreshToken.<RefreshToken>mongoCollection().findOneAndUpdate(
                Filters.and(Filters.eq("_id", Hashes.sha256(refreshToken)), Filters.eq("usedAt", null),
                        Filters.gt("expiresAt", now)),
                Updates.set("usedAt", now), new FindOneAndUpdateOptions())
                .onItem().ifNull().failWith(() -> new ApiException(400, ErrorCodes.INVALID_GRANT, "Invalid grant",
                        "The refresh token is unknown, expired or already used."))
                .flatMap(stored -> User.<User>findById(stored.userId))
                .onItem().ifNull().failWith(() -> new ApiException(400, ErrorCodes.INVALID_GRANT, "Invalid grant",
                        "The account no longer exists."))
                .flatMap(tokens::issue);
    }

    public Uni<User> verifyEmail(String token) {
        return User.findByVerificationHash(Hashes.sha256(token))
                .onItem().ifNull().failWith(() -> ApiException.badRequest(ErrorCodes.INVALID_GRANT,
                        "The verification link is invalid or was already used."))
                .flatMap(user -> {
                    if (user.verificationExpiresAt == null || user.verificationExpiresAt.isBefore(Instant.now())) {
                        return Uni.createFrom().failure(ApiException.badRequest(ErrorCodes.INVALID_GRANT,
                                "The verification link has expired."));
                    }
                    user.emailVerified = true;
                    user.verificationTokenHash = null;
                    user.verificationExpiresAt = null;
                    return user.<User>update();
                });
    }

    public Uni<User> find(String userId) {
        return User.<User>findById(userId)
                .onItem().ifNull().failWith(() -> ApiException.unauthorized(ErrorCodes.UNAUTHORIZED,
                        "The account of this token no longer exists."));
    }

    private static ApiException invalidCredentials() {
        return new ApiException(401, ErrorCodes.INVALID_CREDENTIALS, "Invalid credentials",
                "The email or password is wrong.");
    }

    private static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    /** bcrypt takes tens of milliseconds by design: keep it off the event loop. */
    private static <T> Uni<T> offload(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
