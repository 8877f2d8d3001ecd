package dev.persona.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.deploy.compose.ComposeChecks;
import dev.persona.deploy.compose.ComposeFile;
import dev.persona.deploy.service.Services;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker-compose.yml: strict against the Compose fields, and each service, port, variable and dependency right. */
class ComposeTest {
    static ComposeChecks checks(Path composeFile, Path repo) {
        return new ComposeChecks(ComposeFile.read(composeFile), repo, Services.all());
    }

    /** Every problem, a file that does not even bind included. */
    static List<String> allProblems(Path composeFile, Path repo) {
        ComposeChecks c;
        try {
            c = checks(composeFile, repo);
        } catch (RuntimeException e) {
            return List.of(String.valueOf(e.getMessage()));
        }
        List<String> all = new ArrayList<>(c.services());
        all.addAll(c.wiring());
        all.addAll(c.gateway(Deploy.INTERNAL_PATHS));
        return all;
    }

    private static ComposeChecks checks() {
        Path repo = Services.repo();
        return checks(repo.resolve("docker-compose.yml"), repo);
    }

    @Test
    void servicesAreBuiltFromTheirFoldersWithTheVariablesTheyRead() {
        assertEquals(List.of(), checks().services());
    }

    @Test
    void dependenciesVolumesAndPortsAreWired() {
        assertEquals(List.of(), checks().wiring());
    }

    @Test
    void theGatewayRoutesEveryPathToItsServiceAndNoQEndpoint() {
        assertEquals(List.of(), checks().gateway(Deploy.INTERNAL_PATHS));
    }
}
