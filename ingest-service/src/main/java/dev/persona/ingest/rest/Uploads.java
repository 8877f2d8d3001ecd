package dev.persona.ingest.rest;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.ingest.service.Upload;
import org.jboss.resteasy.reactive.multipart.FileUpload;

final class Uploads {
    private Uploads() {
    }

    static Upload of(FileUpload file) {
        if (file == null || file.uploadedFile() == null) {
            throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED,
                    "Send the file as multipart/form-data in the field 'file'.");
        }
        return new Upload(file.uploadedFile(), file.fileName(), file.size());
    }
}
