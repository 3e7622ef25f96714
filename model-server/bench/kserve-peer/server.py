"""The reference model served by KServe's own Python model server, as a user of KServe would write it.

A custom `kserve.Model` that tokenizes with the model directory's tokenizer.json (Hugging Face
`tokenizers`), runs model.onnx with ONNX Runtime on the CPU and answers v2 text requests with
`label` and `score`, the same request and answer shapes as the TypeScript server, so the bench's
load generator drives both alike.
"""

import argparse
import json
import os
import uuid

import numpy as np
import onnxruntime as ort
from kserve import InferOutput, InferRequest, InferResponse, Model, ModelServer, model_server
from tokenizers import Tokenizer


class CategoryClassifier(Model):
    def __init__(self, name: str, model_dir: str):
        super().__init__(name)
        self.model_dir = model_dir
        self.load()

    def load(self) -> bool:
        with open(os.path.join(self.model_dir, "model.json"), encoding="utf-8") as card_file:
            card = json.load(card_file)
        with open(os.path.join(self.model_dir, "labels.json"), encoding="utf-8") as labels_file:
            self.labels = json.load(labels_file)
        self.tokenizer = Tokenizer.from_file(os.path.join(self.model_dir, "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=int(card.get("maxSequenceLength", 128)))
        self.tokenizer.enable_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        self.session = ort.InferenceSession(
            os.path.join(self.model_dir, "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.input_names = [model_input.name for model_input in self.session.get_inputs()]
        self.ready = True
        return self.ready

    def predict(self, payload: InferRequest, headers=None, response_headers=None) -> InferResponse:
        texts = [text.decode("utf-8") if isinstance(text, bytes) else str(text) for text in payload.inputs[0].data]
        encodings = self.tokenizer.encode_batch(texts)
        fields = {
            "input_ids": [encoding.ids for encoding in encodings],
            "attention_mask": [encoding.attention_mask for encoding in encodings],
            "token_type_ids": [encoding.type_ids for encoding in encodings],
        }
        feeds = {name: np.asarray(fields[name], dtype=np.int64) for name in self.input_names}
        logits = self.session.run(None, feeds)[0]
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        probabilities = shifted / shifted.sum(axis=1, keepdims=True)
        best = probabilities.argmax(axis=1)
        labels = [self.labels[index] for index in best]
        scores = probabilities[np.arange(len(best)), best].astype(np.float32).tolist()
        return InferResponse(
            # KServe requires an id on the answer; a request without one gets a fresh one.
            response_id=payload.id or str(uuid.uuid4()),
            model_name=self.name,
            infer_outputs=[
                InferOutput(name="label", shape=[len(labels)], datatype="BYTES", data=labels),
                InferOutput(name="score", shape=[len(scores)], datatype="FP32", data=scores),
            ],
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(parents=[model_server.parser])
    parser.add_argument("--model_dir", required=True)
    args, _ = parser.parse_known_args()
    ModelServer().start([CategoryClassifier(args.model_name, args.model_dir)])
