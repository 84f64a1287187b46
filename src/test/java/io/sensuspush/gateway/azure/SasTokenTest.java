package io.sensuspush.gateway.azure;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/*
 * Contract §4 tokens against vectors computed independently with node's crypto and
 * encodeURIComponent (node v20):
 *
 * node -e 'const c=require("crypto");
 *   function sas(base,hub,kn,key,exp){const uri=encodeURIComponent(base+"/"+hub+"/messages");
 *     const sig=encodeURIComponent(c.createHmac("sha256",Buffer.from(key,"utf8")).update(uri+"\n"+exp).digest("base64"));
 *     return "SharedAccessSignature sr="+uri+"&sig="+sig+"&se="+exp+"&skn="+kn;}
 *   console.log(sas("https://sensus-test.servicebus.windows.net","study-hub","DefaultFullSharedAccessSignature",
 *     "s3cr3t/K+y=with&odd?chars ü€",1900000002));
 *   console.log(sas("http://127.0.0.1:8080","hub_1.x","DefaultListenSharedAccessSignature",
 *     "Yk2PbdX3V9mFSk9mE0cB0W8pd6P6Gd0kY3lR9wPq0aE=",1700000000));
 *   console.log(encodeURIComponent("a b+c/d=e?f&g:h~!*\x27()-_.ü€😀%#[]@$,;"))'
 *
 * (The expiry 1900000002 was chosen as the first after 1900000000 whose signature contains +, / and =.)
 */
class SasTokenTest {

    static final String KEY_WITH_ESCAPES = "s3cr3t/K+y=with&odd?chars ü€";

    @Test
    void matchesNodeVectorForNamespaceWithKeyNeedingEscapesAndSignatureWithPlusSlashEquals() {
        String resource = SasToken.resource(AzureConfig.namespaceEndpoint("sensus-test"), "study-hub");
        assertThat(resource).isEqualTo("https://sensus-test.servicebus.windows.net/study-hub/messages");

        String token = SasToken.create(resource, "DefaultFullSharedAccessSignature", KEY_WITH_ESCAPES, 1900000002L);

        // base64 signature was njV/rbZrv5xsYgg+mjovNjP/QPsu/m+0L8P3Fb+jNaU=
        assertThat(token).isEqualTo("SharedAccessSignature "
                + "sr=https%3A%2F%2Fsensus-test.servicebus.windows.net%2Fstudy-hub%2Fmessages"
                + "&sig=njV%2FrbZrv5xsYgg%2BmjovNjP%2FQPsu%2Fm%2B0L8P3Fb%2BjNaU%3D"
                + "&se=1900000002&skn=DefaultFullSharedAccessSignature");
    }

    @Test
    void matchesNodeVectorForOverriddenEndpoint() {
        String resource = SasToken.resource(URI.create("http://127.0.0.1:8080/"), "hub_1.x");
        assertThat(resource).isEqualTo("http://127.0.0.1:8080/hub_1.x/messages");

        assertThat(SasToken.create(resource, "DefaultListenSharedAccessSignature",
                "Yk2PbdX3V9mFSk9mE0cB0W8pd6P6Gd0kY3lR9wPq0aE=", 1700000000L))
                .isEqualTo("SharedAccessSignature sr=http%3A%2F%2F127.0.0.1%3A8080%2Fhub_1.x%2Fmessages"
                        + "&sig=fgzanFntyfdChu5qG10wFApyFLELD82imEZyEOHRsyA%3D&se=1700000000"
                        + "&skn=DefaultListenSharedAccessSignature");
    }

    @Test
    void encodeUriComponentMatchesJavaScript() {
        assertThat(SasToken.encodeURIComponent("a b+c/d=e?f&g:h~!*'()-_.ü€😀%#[]@$,;"))
                .isEqualTo("a%20b%2Bc%2Fd%3De%3Ff%26g%3Ah~!*'()-_.%C3%BC%E2%82%AC%F0%9F%98%80%25%23%5B%5D%40%24%2C%3B");
        assertThat(SasToken.encodeURIComponent("AZaz09")).isEqualTo("AZaz09");
        assertThat(SasToken.encodeURIComponent("")).isEmpty();
    }

    @Test
    void loneSurrogateIsRefusedAsJavaScriptDoes() {
        assertThatThrownBy(() -> SasToken.encodeURIComponent("x\uD83Dy"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configToStringHidesTheKey() {
        AzureConfig c = AzureConfig.of("sensus-test", "study-hub", "DefaultFullSharedAccessSignature", KEY_WITH_ESCAPES);
        assertThat(c.toString()).doesNotContain(KEY_WITH_ESCAPES).doesNotContain("s3cr3t").contains("study-hub");
        assertThat(c.directSendUri().toString())
                .isEqualTo("https://sensus-test.servicebus.windows.net/study-hub/messages/?direct&api-version=2015-04");
    }
}
