// Generated from services/integrations/openapi.json by `npm run generate -w @symbia/client` (openapi-typescript).
// Do not edit: change the routes, run `npm run openapi`, then regenerate.

export interface paths {
    "/api/bootstrap/service": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Describe this service */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/execute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run an LLM operation with the caller's vault key
         * @description With `stream: true` the answer is `text/event-stream` of normalized frames (see the service README, "SSE frames").
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-org-id"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        credentialId?: string;
                        /**
                         * @default chat.completions
                         * @enum {string}
                         */
                        operation?: "chat.completions" | "messages" | "text.generation" | "embeddings" | "responses";
                        params: {
                            frequencyPenalty?: number;
                            input?: string | string[] | number[];
                            instructions?: string;
                            jsonSchema?: {
                                [key: string]: unknown;
                            };
                            maxTokens?: number;
                            messages?: {
                                /** @default null */
                                content?: string | ({
                                    text: string;
                                    /** @enum {string} */
                                    type: "text";
                                } | {
                                    image_url: {
                                        /** @enum {string} */
                                        detail?: "auto" | "low" | "high";
                                        url: string;
                                    };
                                    /** @enum {string} */
                                    type: "image_url";
                                })[] | null;
                                name?: string;
                                /** @enum {string} */
                                role: "system" | "user" | "assistant" | "tool";
                                tool_call_id?: string;
                                tool_calls?: {
                                    function: {
                                        arguments: string;
                                        name: string;
                                    };
                                    id: string;
                                    /** @enum {string} */
                                    type: "function";
                                }[];
                            }[];
                            model?: string;
                            parallelToolCalls?: boolean;
                            presencePenalty?: number;
                            prompt?: string;
                            /** @enum {string} */
                            responseFormat?: "text" | "json" | "json_schema";
                            seed?: number;
                            stop?: string | string[];
                            stopSequences?: string[];
                            system?: string;
                            systemPrompt?: string;
                            temperature?: number;
                            text?: string;
                            toolChoice?: ("auto" | "none" | "required") | {
                                function: {
                                    name: string;
                                };
                                /** @enum {string} */
                                type: "function";
                            };
                            tools?: ({
                                function: {
                                    description?: string;
                                    name: string;
                                    parameters?: {
                                        [key: string]: unknown;
                                    };
                                    strict?: boolean;
                                };
                                /** @enum {string} */
                                type: "function";
                            } | {
                                description?: string;
                                input_schema: {
                                    [key: string]: unknown;
                                };
                                name: string;
                            })[];
                            topK?: number;
                            topP?: number;
                        };
                        /** @enum {string} */
                        provider: "huggingface" | "openai" | "anthropic" | "symbia-labs";
                        /** @default false */
                        stream?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ChatResponse"] | components["schemas"]["EmbeddingResponse"];
                            durationMs: number;
                            requestId: string;
                            /** @enum {boolean} */
                            success: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    capability?: string;
                    purpose?: "chat" | "llm" | "embedding" | "embeddings" | "vision";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            all: {
                                capabilities: ("chat" | "completion" | "embedding" | "vision" | "function_calling" | "reasoning")[];
                                contextWindow?: number;
                                deprecated?: boolean;
                                description?: string;
                                id: string;
                                inputPricing?: number;
                                maxOutputTokens?: number;
                                name: string;
                                outputPricing?: number;
                                /** @enum {string} */
                                provider: "huggingface" | "openai" | "anthropic" | "symbia-labs";
                            }[];
                            models: {
                                [key: string]: {
                                    capabilities: ("chat" | "completion" | "embedding" | "vision" | "function_calling" | "reasoning")[];
                                    contextWindow?: number;
                                    deprecated?: boolean;
                                    description?: string;
                                    id: string;
                                    inputPricing?: number;
                                    maxOutputTokens?: number;
                                    name: string;
                                    outputPricing?: number;
                                    /** @enum {string} */
                                    provider: "huggingface" | "openai" | "anthropic" | "symbia-labs";
                                }[];
                            };
                            unavailable: ("huggingface" | "openai" | "anthropic" | "symbia-labs")[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            providers: components["schemas"]["ProviderSummary"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/providers/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    provider: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProviderSummary"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/providers/{provider}/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    capability?: string;
                };
                header?: never;
                path: {
                    provider: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            models: components["schemas"]["ModelInfo"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/internal/execute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run an LLM operation with the platform keys (service principals only)
         * @description With `stream: true` the answer is `text/event-stream` of normalized frames (see the service README, "SSE frames").
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-org-id"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        credentialId?: string;
                        /**
                         * @default chat.completions
                         * @enum {string}
                         */
                        operation?: "chat.completions" | "messages" | "text.generation" | "embeddings" | "responses";
                        params: {
                            frequencyPenalty?: number;
                            input?: string | string[] | number[];
                            instructions?: string;
                            jsonSchema?: {
                                [key: string]: unknown;
                            };
                            maxTokens?: number;
                            messages?: {
                                /** @default null */
                                content?: string | ({
                                    text: string;
                                    /** @enum {string} */
                                    type: "text";
                                } | {
                                    image_url: {
                                        /** @enum {string} */
                                        detail?: "auto" | "low" | "high";
                                        url: string;
                                    };
                                    /** @enum {string} */
                                    type: "image_url";
                                })[] | null;
                                name?: string;
                                /** @enum {string} */
                                role: "system" | "user" | "assistant" | "tool";
                                tool_call_id?: string;
                                tool_calls?: {
                                    function: {
                                        arguments: string;
                                        name: string;
                                    };
                                    id: string;
                                    /** @enum {string} */
                                    type: "function";
                                }[];
                            }[];
                            model?: string;
                            parallelToolCalls?: boolean;
                            presencePenalty?: number;
                            prompt?: string;
                            /** @enum {string} */
                            responseFormat?: "text" | "json" | "json_schema";
                            seed?: number;
                            stop?: string | string[];
                            stopSequences?: string[];
                            system?: string;
                            systemPrompt?: string;
                            temperature?: number;
                            text?: string;
                            toolChoice?: ("auto" | "none" | "required") | {
                                function: {
                                    name: string;
                                };
                                /** @enum {string} */
                                type: "function";
                            };
                            tools?: ({
                                function: {
                                    description?: string;
                                    name: string;
                                    parameters?: {
                                        [key: string]: unknown;
                                    };
                                    strict?: boolean;
                                };
                                /** @enum {string} */
                                type: "function";
                            } | {
                                description?: string;
                                input_schema: {
                                    [key: string]: unknown;
                                };
                                name: string;
                            })[];
                            topK?: number;
                            topP?: number;
                        };
                        /** @enum {string} */
                        provider: "huggingface" | "openai" | "anthropic" | "symbia-labs";
                        /** @default false */
                        stream?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            content: string;
                            durationMs: number;
                            /** @enum {string} */
                            finishReason: "stop" | "length" | "content_filter" | "tool_calls" | "error" | "incomplete";
                            metadata: {
                                [key: string]: unknown;
                            };
                            model: string;
                            /** @enum {string} */
                            provider: "huggingface" | "openai" | "anthropic" | "symbia-labs";
                            requestId: string;
                            toolCalls?: {
                                function: {
                                    arguments: string;
                                    name: string;
                                };
                                id: string;
                                /** @enum {string} */
                                type: "function";
                            }[];
                            usage: components["schemas"]["Usage"];
                        } | {
                            durationMs: number;
                            embeddings: number[][];
                            metadata: {
                                [key: string]: unknown;
                            };
                            model: string;
                            /** @enum {string} */
                            provider: "huggingface" | "openai" | "anthropic" | "symbia-labs";
                            requestId: string;
                            usage: {
                                promptTokens: number;
                                totalTokens: number;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness (503 while shutting down) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness, including dependency checks */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ChatResponse: {
            content: string;
            /** @enum {string} */
            finishReason: "stop" | "length" | "content_filter" | "tool_calls" | "error" | "incomplete";
            metadata: {
                [key: string]: unknown;
            };
            model: string;
            /** @enum {string} */
            provider: "huggingface" | "openai" | "anthropic" | "symbia-labs";
            toolCalls?: {
                function: {
                    arguments: string;
                    name: string;
                };
                id: string;
                /** @constant */
                type: "function";
            }[];
            usage: components["schemas"]["Usage"];
        };
        EmbeddingResponse: {
            embeddings: number[][];
            metadata: {
                [key: string]: unknown;
            };
            model: string;
            /** @enum {string} */
            provider: "huggingface" | "openai" | "anthropic" | "symbia-labs";
            usage: {
                promptTokens: number;
                totalTokens: number;
            };
        };
        ModelInfo: {
            capabilities: ("chat" | "completion" | "embedding" | "vision" | "function_calling" | "reasoning")[];
            contextWindow?: number;
            deprecated?: boolean;
            description?: string;
            id: string;
            inputPricing?: number;
            maxOutputTokens?: number;
            name: string;
            outputPricing?: number;
        };
        ProviderSummary: {
            baseUrl: string | null;
            defaultEmbeddingModel: string | null;
            defaultModel: string | null;
            /** @enum {string} */
            id: "huggingface" | "openai" | "anthropic" | "symbia-labs";
            name: string;
            needsCredential: boolean;
            operations: ("chat.completions" | "messages" | "text.generation" | "embeddings" | "responses")[];
            streaming: boolean;
        };
        Usage: {
            completionTokens: number;
            promptTokens: number;
            totalTokens: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
